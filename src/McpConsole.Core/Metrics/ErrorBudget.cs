namespace McpConsole.Core.Metrics;

/// <summary>
/// An availability objective over a period: how much of the allowed failure (1 - target) is spent, and how fast.
/// Burn rate 1 spends the budget exactly by the end of the period; 10 spends it ten times too fast.
/// </summary>
public static class ErrorBudget
{
    public const double DefaultTargetPercent = 99.9;

    /// <summary>Share of this period's error budget still left (can be negative when overspent). 1 without data.</summary>
    public static double Remaining(double targetPercent, long probes, long failures)
    {
        var allowed = Allowed(targetPercent);
        return probes == 0 ? 1 : 1 - failures / (double)probes / allowed;
    }

    /// <summary>Observed failure rate divided by the allowed one (0 without data).</summary>
    public static double BurnRate(double targetPercent, long probes, long failures) =>
        probes == 0 ? 0 : failures / (double)probes / Allowed(targetPercent);

    /// <summary>Start of the calendar month (UTC) containing <paramref name="now"/>.</summary>
    public static DateTimeOffset MonthStart(DateTimeOffset now) => new(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);

    private static double Allowed(double targetPercent)
    {
        if (!(targetPercent > 0 && targetPercent < 100))
            throw new ArgumentOutOfRangeException(nameof(targetPercent), "The availability target must be above 0 and below 100 %.");
        return 1 - targetPercent / 100;
    }
}
