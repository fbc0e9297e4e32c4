using System.Globalization;
using Hangfire;
using McpConsole.Core.Alerts;
using McpConsole.Web.Features.Alerts;

namespace McpConsole.Web.Features.Costs;

/// <summary>
/// Rule "daily cost above threshold": every few minutes, the fleet's cost over the last 24 hours (rolling, so it
/// fires the hour it happens rather than after midnight) is compared with the threshold in the cost settings. Above:
/// a CostAboveThreshold alert (grouping, repeats, silences and channels are the alert book's); back below, or no
/// threshold any more: resolved.
/// </summary>
public sealed class CostThresholdAlerts(CostService costs, CostPrices prices, AlertSignals signals)
{
    public const string Key = "cost:fleet:daily";
    public const string Subject = "fleet";

    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<bool> CheckAsync(CancellationToken ct = default)
    {
        var settings = await prices.GetAsync(ct);
        if (settings.DailyThreshold is not { } threshold)
        {
            await signals.ResolveAsync(Key, ct);
            return false;
        }

        var summary = await costs.SummaryAsync(1, ct);
        if (summary.Total <= threshold)
        {
            await signals.ResolveAsync(Key, ct);
            return false;
        }

        var top = string.Join(", ", summary.Servers.Take(3).Select(s => $"{s.Name} {Money(s.Cost)}"));
        await signals.RaiseAsync(AlertKinds.CostAboveThreshold, Subject, Key,
            $"Fleet cost over the last 24 h is {Money(summary.Total)} {summary.Currency}, above the threshold of {Money(threshold)} {summary.Currency}. Largest: {top}.",
            null, null, ct);
        return true;
    }

    private static string Money(decimal value) => value.ToString("0.00##", CultureInfo.InvariantCulture);
}
