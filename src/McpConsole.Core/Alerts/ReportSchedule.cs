namespace McpConsole.Core.Alerts;

/// <summary>Report schedule presets and a check of five-field cron expressions (minute hour day month weekday).</summary>
public static class ReportSchedule
{
    /// <summary>Every day at hh:mm.</summary>
    public static string Daily(int hour, int minute = 0) => $"{Check(minute, 0, 59)} {Check(hour, 0, 23)} * * *";

    /// <summary>Every week on <paramref name="day"/> at hh:mm.</summary>
    public static string Weekly(DayOfWeek day, int hour, int minute = 0) => $"{Check(minute, 0, 59)} {Check(hour, 0, 23)} * * {(int)day}";

    /// <summary>Every month on <paramref name="dayOfMonth"/> (1-28, so every month has it) at hh:mm.</summary>
    public static string Monthly(int dayOfMonth, int hour, int minute = 0) =>
        $"{Check(minute, 0, 59)} {Check(hour, 0, 23)} {Check(dayOfMonth, 1, 28)} * *";

    /// <summary>The preset for a name: "daily" (08:00), "weekly" (Monday 08:00), "monthly" (the 1st, 08:00).</summary>
    public static string? Preset(string name) => name.ToLowerInvariant() switch
    {
        "daily" => Daily(8),
        "weekly" => Weekly(DayOfWeek.Monday, 8),
        "monthly" => Monthly(1, 8),
        _ => null,
    };

    private static readonly (int Min, int Max, string Name)[] Fields =
        [(0, 59, "minute"), (0, 23, "hour"), (1, 31, "day of month"), (1, 12, "month"), (0, 7, "day of week")];

    /// <summary>Null when <paramref name="cron"/> is a valid five-field expression, otherwise what is wrong.</summary>
    public static string? Validate(string? cron)
    {
        var parts = (cron ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 5)
            return "A schedule needs five fields: minute hour day-of-month month day-of-week (e.g. \"0 8 * * 1\").";
        for (var i = 0; i < 5; i++)
        {
            if (!FieldIsValid(parts[i], Fields[i].Min, Fields[i].Max))
                return $"The {Fields[i].Name} field \"{parts[i]}\" is not valid (allowed {Fields[i].Min}-{Fields[i].Max}, *, lists, ranges, steps).";
        }

        return null;
    }

    private static bool FieldIsValid(string field, int min, int max)
    {
        foreach (var item in field.Split(','))
        {
            var (range, step) = item.Split('/') switch
            {
                [var r] => (r, "1"),
                [var r, var s] => (r, s),
                _ => ("", ""),
            };
            if (!int.TryParse(step, out var stepValue) || stepValue < 1)
                return false;
            if (range == "*")
                continue;
            var bounds = range.Split('-');
            if (bounds.Length is < 1 or > 2 || !bounds.All(b => int.TryParse(b, out var v) && v >= min && v <= max))
                return false;
            if (bounds.Length == 2 && int.Parse(bounds[0]) > int.Parse(bounds[1]))
                return false;
        }

        return true;
    }

    private static int Check(int value, int min, int max) =>
        value >= min && value <= max ? value : throw new ArgumentOutOfRangeException(nameof(value), $"Must be {min}-{max}.");
}
