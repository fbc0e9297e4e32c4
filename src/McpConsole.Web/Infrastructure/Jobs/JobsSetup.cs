using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.Data.Sqlite;

namespace McpConsole.Web.Infrastructure.Jobs;

public static class JobsSetup
{
    public const string JobsFileName = "jobs.db";
    public const string DashboardPath = "/jobs";

    /// <summary>
    /// Hangfire on its own SQLite file in the data directory (single-instance: see <see cref="DataDirectory"/>), or in the
    /// "hangfire" schema of the shared PostgreSQL database, where every instance runs a job server and each job runs once.
    /// </summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder, DataDirectory dataDirectory)
    {
        var database = DatabaseOptions.From(builder.Configuration);
        var path = dataDirectory.File(JobsFileName);
        if (database.Provider == DatabaseProvider.Sqlite)
            EnableWal(path);
        // Storage and activator belong to this host, not to Hangfire's process-wide defaults (JobStorage.Current,
        // JobActivator.Current): with two consoles in one process (the scale-out tests) a job fetched by one console
        // was otherwise run in the other console's services.
        builder.Services.AddSingleton(_ => CreateStorage(database, path));
        builder.Services.AddSingleton<JobActivator>(services => new AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire(config => config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        builder.Services.AddHangfireServer(o =>
        {
            o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            o.WorkerCount = Math.Max(4, Environment.ProcessorCount * 2);
            o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
        });
        return builder;
    }

    public static void MapJobsDashboard(this WebApplication app) =>
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new AdminDashboardAuthorization()],
            AppPath = "/",
            DashboardTitle = "McpConsole jobs",
            DisplayStorageConnectionString = false,
        }).RequireAuthorization(Policies.Admin);

    private static JobStorage CreateStorage(DatabaseOptions database, string sqlitePath)
    {
        if (database.Provider != DatabaseProvider.Postgres)
            return new SQLiteStorage(sqlitePath, new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) });
        var options = new PostgreSqlStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1), SchemaName = "hangfire", PrepareSchemaIfNecessary = true };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, options), options);
    }

    private static void EnableWal(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }
}
