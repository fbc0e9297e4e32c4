using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace McpConsole.Web.Infrastructure.Storage.Postgres;

/// <summary>Rows per table in the source and the target after a copy.</summary>
public sealed record TableCopy(string Table, long SourceRows, long TargetRows);

/// <summary>
/// Copies a SQLite console database into a PostgreSQL database: both schemas brought up to date with their own
/// migrations, then every table of the model in foreign-key order with binary COPY, identity sequences moved past the
/// copied ids, and the row counts of every table compared. A target that already holds console rows is refused unless
/// <c>force</c> (it is then emptied first). Hangfire's job history is not copied: recurring jobs are registered again by
/// every instance at start.
/// </summary>
public sealed class SqliteToPostgresCopy(string sqliteConnectionString, string postgresConnectionString)
{
    public async Task<IReadOnlyList<TableCopy>> RunAsync(bool force, CancellationToken ct = default)
    {
        await using var source = new ConsoleDbContext(new DbContextOptionsBuilder<ConsoleDbContext>().UseSqlite(sqliteConnectionString).Options);
        await source.Database.MigrateAsync(ct);
        await using var target = new PostgresConsoleDbContext(new DbContextOptionsBuilder<ConsoleDbContext>().UseNpgsql(postgresConnectionString).Options);
        await target.Database.MigrateAsync(ct);

        var tables = TablesInDependencyOrder(target.Model);
        await using var sqlite = new SqliteConnection(sqliteConnectionString);
        await sqlite.OpenAsync(ct);
        await using var pg = new NpgsqlConnection(postgresConnectionString);
        await pg.OpenAsync(ct);

        var nonEmpty = new List<string>();
        foreach (var table in tables)
        {
            if (await CountAsync(pg, table.Name, ct) > 0)
                nonEmpty.Add(table.Name);
        }

        if (nonEmpty.Count > 0 && !force)
            throw new InvalidOperationException($"The target database already holds console data ({string.Join(", ", nonEmpty)}). Use --force to replace it.");

        await using var transaction = await pg.BeginTransactionAsync(ct);
        if (nonEmpty.Count > 0)
            await ExecuteAsync(pg, $"TRUNCATE {string.Join(", ", tables.Select(t => Quote(t.Name)))} CASCADE", ct);
        foreach (var table in tables)
        {
            await CopyTableAsync(sqlite, pg, table, ct);
            foreach (var identity in table.Columns.Where(c => c.Identity))
            {
                await ExecuteAsync(pg, $"SELECT setval(pg_get_serial_sequence('{Quote(table.Name)}', '{identity.Name}'), " +
                    $"COALESCE((SELECT MAX({Quote(identity.Name)}) FROM {Quote(table.Name)}), 0) + 1, false)", ct);
            }
        }

        await transaction.CommitAsync(ct);

        var result = new List<TableCopy>();
        foreach (var table in tables)
            result.Add(new TableCopy(table.Name, await CountAsync(sqlite, table.Name, ct), await CountAsync(pg, table.Name, ct)));
        return result;
    }

    private sealed record Column(string Name, Type ProviderType, bool Identity);

    private sealed record Table(string Name, IReadOnlyList<Column> Columns);

    private static async Task CopyTableAsync(SqliteConnection sqlite, NpgsqlConnection pg, Table table, CancellationToken ct)
    {
        var columns = string.Join(", ", table.Columns.Select(c => Quote(c.Name)));
        await using var read = sqlite.CreateCommand();
        read.CommandText = $"SELECT {columns} FROM {Quote(table.Name)}";
        await using var reader = await read.ExecuteReaderAsync(ct);
        await using var import = await pg.BeginBinaryImportAsync($"COPY {Quote(table.Name)} ({columns}) FROM STDIN (FORMAT BINARY)", ct);
        while (await reader.ReadAsync(ct))
        {
            await import.StartRowAsync(ct);
            for (var i = 0; i < table.Columns.Count; i++)
            {
                if (reader.IsDBNull(i))
                    await import.WriteNullAsync(ct);
                else
                    await import.WriteAsync(Convert(reader.GetValue(i), table.Columns[i].ProviderType), ct);
            }
        }

        await import.CompleteAsync(ct);
    }

    /// <summary>SQLite hands back long, double, string and byte[]; PostgreSQL wants the model's exact provider type.</summary>
    private static object Convert(object value, Type type) => type switch
    {
        _ when type == typeof(Guid) => value is string s ? Guid.Parse(s) : new Guid((byte[])value),
        _ when type == typeof(byte[]) => value,
        _ when type == typeof(DateTime) => DateTime.SpecifyKind(DateTime.Parse((string)value, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc),
        _ => System.Convert.ChangeType(value, type, System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The model's tables, each after the tables its foreign keys point at.</summary>
    private static List<Table> TablesInDependencyOrder(IModel model)
    {
        var entities = model.GetEntityTypes().Where(e => e.GetTableName() is not null && !e.IsOwned()).ToList();
        var ordered = new List<IEntityType>();
        var visiting = new HashSet<IEntityType>();
        void Visit(IEntityType entity)
        {
            if (ordered.Contains(entity) || !visiting.Add(entity))
                return;
            foreach (var fk in entity.GetForeignKeys().Where(fk => fk.PrincipalEntityType != entity))
                Visit(fk.PrincipalEntityType);
            ordered.Add(entity);
        }

        foreach (var entity in entities.OrderBy(e => e.GetTableName(), StringComparer.Ordinal))
            Visit(entity);

        return [.. ordered.Select(entity =>
        {
            var name = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(name, entity.GetSchema());
            return new Table(name, [.. entity.GetProperties().Select(p => new Column(p.GetColumnName(store)!,
                Nullable.GetUnderlyingType(ProviderClrType(p)) ?? ProviderClrType(p),
                p.ValueGenerated == ValueGenerated.OnAdd && p.IsPrimaryKey() && (ProviderClrType(p) == typeof(int) || ProviderClrType(p) == typeof(long))))]);
        })];
    }

    private static Type ProviderClrType(IProperty property) =>
        property.GetTypeMapping().Converter?.ProviderClrType ?? property.GetValueConverter()?.ProviderClrType ?? property.ClrType;

    private static string Quote(string identifier) => "\"" + identifier + "\"";

    private static async Task<long> CountAsync(DbConnection connection, string table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {Quote(table)}";
        return System.Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
