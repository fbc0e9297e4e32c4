using McpConsole.Core.Metrics;
using System.Data.Common;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Metrics.Series;

/// <summary>The series, incidents and objective of one server for a chart range (null when the server does not exist).</summary>
public sealed class ServerMetricsService(MetricsDatabase database, TimeProvider clock, IOptions<MetricsOptions> options)
{
    public async Task<ServerMetrics?> GetAsync(int serverId, MetricsRange range, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        if (!Exists(connection, serverId))
            return null;
        var now = clock.GetUtcNow();
        var to = now.UtcTicks + 1;
        var from = MetricsRange.Floor(now - range.Length, range.Bucket);
        var buckets = SeriesReader.Read(connection, serverId, range, from.UtcTicks, to);
        var probes = buckets.Sum(b => (long)b.Count);
        var failures = buckets.Sum(b => (long)b.Failures);
        var incidents = Incidents(connection, serverId, from)
            .Select(i => new IncidentView(i.Start, i.End, Math.Round(i.DurationAt(now).TotalSeconds, 1), i.State, i.Reason))
            .ToList();
        return new ServerMetrics(serverId, range.Name, from, now, (int)range.Bucket.TotalSeconds, range.Source.ToString(),
            probes == 0 ? null : Math.Round(100.0 * (probes - failures) / probes, 3),
            [.. buckets.Select(SeriesPoint.From)], incidents, Slo(connection, serverId, now));
    }

    public async Task<double> TargetAsync(int serverId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return Target(connection, serverId);
    }

    private SloSummary Slo(DbConnection connection, int serverId, DateTimeOffset now)
    {
        var target = Target(connection, serverId);
        var end = now.UtcTicks + 1;
        var (monthProbes, monthFailures) = SeriesReader.Counts(connection, serverId, ErrorBudget.MonthStart(now).UtcTicks, end);
        var (hourProbes, hourFailures) = SeriesReader.Counts(connection, serverId, (now - TimeSpan.FromHours(1)).UtcTicks, end);
        var (dayProbes, dayFailures) = SeriesReader.Counts(connection, serverId, (now - TimeSpan.FromHours(24)).UtcTicks, end);
        return new SloSummary(target,
            monthProbes == 0 ? 100 : Math.Round(100.0 * (monthProbes - monthFailures) / monthProbes, 3),
            Math.Round(100 * ErrorBudget.Remaining(target, monthProbes, monthFailures), 1),
            Math.Round(ErrorBudget.BurnRate(target, hourProbes, hourFailures), 2),
            Math.Round(ErrorBudget.BurnRate(target, dayProbes, dayFailures), 2),
            monthProbes, monthFailures);
    }

    private double Target(DbConnection connection, int serverId)
    {
        using var command = connection.Command("""SELECT "TargetPercent" FROM "AvailabilityTargets" WHERE "ServerId" = @id""", ("@id", serverId));
        return command.ExecuteScalar() is double t ? t : options.Value.DefaultAvailabilityTarget;
    }

    private static IReadOnlyList<Incident> Incidents(DbConnection connection, int serverId, DateTimeOffset from)
    {
        using var before = connection.Command(
            """SELECT "ToState" FROM "StateEvents" WHERE "ServerId" = @id AND "At" < @from AND "FromState" <> "ToState" ORDER BY "At" DESC LIMIT 1""",
            ("@id", serverId), ("@from", from.UtcTicks));
        var stateBefore = before.ExecuteScalar() as string;
        using var command = connection.Command(
            """SELECT "At", "FromState", "ToState", "Reason" FROM "StateEvents" WHERE "ServerId" = @id AND "At" >= @from ORDER BY "At" """,
            ("@id", serverId), ("@from", from.UtcTicks));
        using var reader = command.ExecuteReader();
        var changes = new List<StateChange>();
        while (reader.Read())
            changes.Add(new StateChange(new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        return IncidentTimeline.Build(changes, stateBefore, from);
    }

    private static bool Exists(DbConnection connection, int serverId)
    {
        using var command = connection.Command("""SELECT 1 FROM "Servers" WHERE "Id" = @id""", ("@id", serverId));
        return command.ExecuteScalar() is not null;
    }
}
