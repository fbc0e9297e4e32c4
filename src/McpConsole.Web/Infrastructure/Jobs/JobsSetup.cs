using Hangfire;
using Hangfire.Storage.SQLite;
using McpConsole.Web.Features.Accounts;
using Microsoft.Data.Sqlite;

namespace McpConsole.Web.Infrastructure.Jobs;

public static class JobsSetup
{
    public const string JobsFileName = "jobs.db";
    public const string DashboardPath = "/jobs";

    /// <summary>Hangfire on its own SQLite file in the data directory (single-instance: see <see cref="DataDirectory"/>).</summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder, DataDirectory dataDirectory)
    {
        var path = dataDirectory.File(JobsFileName);
        EnableWal(path);
        builder.Services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseSQLiteStorage(path, new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) }));
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

    private static void EnableWal(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }
}
