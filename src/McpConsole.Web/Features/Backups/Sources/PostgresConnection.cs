using System.Data.Common;

namespace McpConsole.Web.Features.Backups.Sources;

/// <summary>
/// A PostgreSQL connection string (Npgsql keywords: Host, Port, Database, Username, Password) turned into the
/// libpq environment pg_dump and pg_restore read, so the password never appears on a command line.
/// </summary>
public sealed record PostgresConnection(string Host, int Port, string Database, string User, string? Password)
{
    public static PostgresConnection Parse(string connectionString)
    {
        var b = new DbConnectionStringBuilder();
        try
        {
            b.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            throw new ArgumentException("the connection string is not in 'Host=...;Port=...;Database=...;Username=...;Password=...' form");
        }
        string? Get(params string[] keys) => keys.Select(k => b.TryGetValue(k, out var v) ? v?.ToString() : null).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        var host = Get("Host", "Server") ?? throw new ArgumentException("the connection string needs Host");
        var database = Get("Database", "Db") ?? throw new ArgumentException("the connection string needs Database");
        var user = Get("Username", "User Id", "User", "UserId") ?? throw new ArgumentException("the connection string needs Username");
        var portText = Get("Port") ?? "5432";
        if (!int.TryParse(portText, out var port) || port is < 1 or > 65535)
            throw new ArgumentException("Port must be a number between 1 and 65535");
        return new PostgresConnection(host, port, database, user, Get("Password"));
    }

    public IReadOnlyDictionary<string, string> Environment(string? database = null)
    {
        var env = new Dictionary<string, string>
        {
            ["PGHOST"] = Host, ["PGPORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGDATABASE"] = database ?? Database, ["PGUSER"] = User, ["PGCONNECT_TIMEOUT"] = "10",
        };
        if (Password is not null)
            env["PGPASSWORD"] = Password;
        return env;
    }
}
