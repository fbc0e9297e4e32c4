using System.Data;
using System.Data.Common;

namespace McpConsole.Web.Infrastructure.Storage;

/// <summary>Commands that run on SQLite and PostgreSQL alike: @name parameters typed from their first value.</summary>
public static class DbCommands
{
    public static DbCommand Command(this DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.AddParameter(name, value);
        return command;
    }

    /// <summary>
    /// Adds a parameter whose type comes from <paramref name="value"/> (a typed placeholder works for a statement prepared
    /// once and re-bound per row). The type stays when the value later becomes null, which PostgreSQL needs.
    /// </summary>
    public static DbParameter AddParameter(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        if (TypeOf(value) is { } type)
            parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>A parameter declared by type only (its value is bound later).</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static double? NullableDouble(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);

    public static string? NullableString(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static DbType? TypeOf(object? value) => value switch
    {
        int => DbType.Int32,
        long => DbType.Int64,
        double => DbType.Double,
        bool => DbType.Boolean,
        string => DbType.String,
        _ => null,
    };
}
