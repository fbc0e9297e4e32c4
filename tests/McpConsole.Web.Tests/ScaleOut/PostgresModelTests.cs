using McpConsole.Web.Infrastructure.Storage;
using McpConsole.Web.Infrastructure.Storage.Postgres;
using McpConsole.Web.Infrastructure.Storage.CompiledModel;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace McpConsole.Web.Tests.ScaleOut;

/// <summary>A model change without a PostgreSQL migration (or a SQLite one) fails here, not on someone's cluster.</summary>
public sealed class PostgresModelTests
{
    [Fact]
    public void PostgresMigrations_CoverTheWholeModel()
    {
        using var db = new PostgresConsoleDbContext(new DbContextOptionsBuilder<ConsoleDbContext>().UseNpgsql("Host=127.0.0.1;Database=unused").Options);
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a PostgreSQL migration: cd src/McpConsole.Web && dotnet ef migrations add <Name> --context PostgresConsoleDbContext -o Infrastructure/Storage/Postgres/Migrations");
    }

    [Fact]
    public void SqliteMigrations_CoverTheWholeModel()
    {
        using var db = new ConsoleDbContext(new DbContextOptionsBuilder<ConsoleDbContext>().UseSqlite("Data Source=:memory:").Options);
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a SQLite migration: cd src/McpConsole.Web && dotnet ef migrations add <Name> --context ConsoleDbContext -o Infrastructure/Storage/Migrations");
    }

    /// <summary>SQLite consoles start from the compiled model (model building was about 350 ms of every start).</summary>
    [Fact]
    public void CompiledSqliteModel_MatchesTheModel()
    {
        using var built = new ConsoleDbContext(new DbContextOptionsBuilder<ConsoleDbContext>().UseSqlite("Data Source=:memory:").Options);
        using var compiled = new ConsoleDbContext(new DbContextOptionsBuilder<ConsoleDbContext>().UseSqlite("Data Source=:memory:").UseModel(ConsoleDbContextModel.Instance).Options);
        const string Regenerate = "The model changed: cd src/McpConsole.Web && dotnet ef dbcontext optimize --context ConsoleDbContext -o Infrastructure/Storage/CompiledModel "
            + "-n McpConsole.Web.Infrastructure.Storage.CompiledModel, then delete the generated ConsoleDbContextAssemblyAttributes.cs";
        var builtModel = built.GetService<IDesignTimeModel>().Model;
        Assert.True(Describe(builtModel).SequenceEqual(Describe(compiled.Model)), Regenerate);
        Assert.True(Describe(builtModel.GetRelationalModel()).SequenceEqual(Describe(compiled.Model.GetRelationalModel())), Regenerate);
    }

    private static List<string> Describe(IRelationalModel model) =>
        [.. model.Tables.SelectMany(t => t.Columns.Select(c => $"{t.Name}.{c.Name} {c.StoreType} {(c.IsNullable ? "null" : "not null")}")
            .Concat(t.Indexes.Select(i => $"{t.Name} index {i.Name} ({string.Join(", ", i.Columns.Select(c => c.Name))}){(i.IsUnique ? " unique" : "")}"))
            .Concat(t.ForeignKeyConstraints.Select(f => $"{t.Name} fk {f.Name} -> {f.PrincipalTable.Name} {f.OnDeleteAction}"))
            .Append($"{t.Name} pk ({string.Join(", ", t.PrimaryKey?.Columns.Select(c => c.Name) ?? [])})")).Order()];

    private static List<string> Describe(IModel model) =>
        [.. model.GetEntityTypes().SelectMany(e => e.GetProperties().Select(p =>
            $"{e.Name}.{p.Name}: {p.ClrType.Name} -> {p.GetProviderClrType()?.Name ?? "-"} via {p.GetValueConverter()?.GetType().Name ?? "-"}")).Order()];
}
