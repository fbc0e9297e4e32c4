using McpConsole.Core.Costs;
using McpConsole.Web.Features.Metrics;
using System.Data.Common;
using McpConsole.Web.Infrastructure.Storage;

namespace McpConsole.Web.Features.Costs;

/// <summary>Plain SQL over ResourceSamples and ResourceHours (covering primary keys ServerId, time).</summary>
public static class ResourceStore
{
    public const string Watermark = "resource-hour";

    /// <summary>Readings in [from, to]: a reading at <paramref name="to"/> closes the interval that ends there.</summary>
    public static List<ResourceSample> Samples(DbConnection connection, int serverId, DateTimeOffset from, DateTimeOffset to)
    {
        using var command = connection.Command(
            """SELECT "At", "CpuCores", "MemoryMb", "Requests" FROM "ResourceSamples" WHERE "ServerId" = @id AND "At" >= @from AND "At" <= @to ORDER BY "At" """,
            ("@id", serverId), ("@from", from.UtcTicks), ("@to", to.UtcTicks));
        using var reader = command.ExecuteReader();
        var samples = new List<ResourceSample>();
        while (reader.Read())
            samples.Add(new ResourceSample(new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero), reader.NullableDouble(1), reader.NullableDouble(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3)));
        return samples;
    }

    public static List<UsageBucket> Hours(DbConnection connection, int serverId, DateTimeOffset from, DateTimeOffset to)
    {
        using var command = connection.Command("""
            SELECT "BucketStart", "KnownSeconds", "KnownCpuSeconds", "UsedCpuCoreSeconds", "BilledCpuCoreSeconds", "AssumedCpuCoreSeconds",
                   "KnownMemorySeconds", "UsedMemoryMbSeconds", "BilledMemoryMbSeconds", "AssumedMemoryMbSeconds",
                   "Requests", "Samples", "PeakCpuCores", "PeakMemoryMb"
            FROM "ResourceHours" WHERE "ServerId" = @id AND "BucketStart" >= @from AND "BucketStart" < @to ORDER BY "BucketStart"
            """, ("@id", serverId), ("@from", from.UtcTicks), ("@to", to.UtcTicks));
        using var reader = command.ExecuteReader();
        var hours = new List<UsageBucket>();
        while (reader.Read())
            hours.Add(new UsageBucket(new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero), reader.GetDouble(1),
                reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5),
                reader.GetDouble(6), reader.GetDouble(7), reader.GetDouble(8), reader.GetDouble(9),
                reader.IsDBNull(10) ? null : reader.GetInt64(10), reader.GetInt32(11), reader.GetDouble(12), reader.GetDouble(13)));
        return hours;
    }

    /// <summary>Every hour before this is rolled up (null before the first roll-up).</summary>
    public static DateTimeOffset? RolledUpTo(DbConnection connection)
    {
        using var command = connection.Command("""SELECT "UpTo" FROM "RollupWatermarks" WHERE "Name" = @name""", ("@name", Watermark));
        return command.ExecuteScalar() is long upTo ? new DateTimeOffset(upTo, TimeSpan.Zero) : null;
    }
}
