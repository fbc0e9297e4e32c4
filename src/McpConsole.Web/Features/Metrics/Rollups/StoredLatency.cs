namespace McpConsole.Web.Features.Metrics.Rollups;

/// <summary>
/// Roll-up latencies as stored: whole milliseconds from 10 ms up (at most 5 % off, 0.5 % from 100 ms), tenths below.
/// SQLite writes an integral value of a REAL column as an integer of 1-2 bytes instead of an 8-byte double, which
/// is most of what keeps a year of roll-ups for 1,000 servers under 2 GB.
/// </summary>
public static class StoredLatency
{
    public static double? Round(double? ms) => ms switch
    {
        null => null,
        >= 10 => Math.Round(ms.Value, MidpointRounding.AwayFromZero),
        _ => Math.Round(ms.Value, 1, MidpointRounding.AwayFromZero),
    };
}
