using System.Globalization;
using McpConsole.Core.Costs;
using McpConsole.Web.Features.Metrics.Charts;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Costs.Pages;

public sealed partial class CostsPage
{
    private static readonly int[] RangeDays = [1, 7, 30];

    [SupplyParameterFromQuery(Name = "days")] public int? Days { get; set; }
    [SupplyParameterFromQuery(Name = "by")] public string? By { get; set; }
    [CascadingParameter(Name = "DarkMode")] public bool Dark { get; set; }
    [Inject] public required CostService Costs { get; init; }
    [Inject] public required CostPrices Prices { get; init; }
    [Inject] public required IOptions<CostOptions> Options { get; init; }

    private int _days = 7;
    private CostGrouping _by = CostGrouping.Server;
    private CostSummary? _summary;
    private CostSettingsView? _settings;
    private IReadOnlyList<ChartSeries> _series = [];

    private string RangeName => _days == 1 ? "last 24 h" : $"last {_days} days";

    private string PriceText => _settings is { } p
        ? string.Join("; ", p.Prices.Select(x => $"{(x.Name is null ? "default" : $"{x.Scope.ToLowerInvariant()} {x.Name}")} {x.CpuCoreHour.ToString(CultureInfo.InvariantCulture)} per vCPU-hour, {x.GbHour.ToString(CultureInfo.InvariantCulture)} per GB-hour"))
            + $" ({p.Currency})"
        : "";

    protected override async Task OnParametersSetAsync()
    {
        _days = Days is { } d && RangeDays.Contains(d) ? d : 7;
        _by = Enum.TryParse<CostGrouping>(By, true, out var by) ? by : CostGrouping.Server;
        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        _settings = await Prices.GetAsync(CancellationToken.None);
        _summary = await Costs.SummaryAsync(_days, CancellationToken.None);
        var series = await Costs.SeriesAsync(_days, _by, CancellationToken.None);
        _series = [.. series.Select(x => new ChartSeries(x.Name, [.. x.Points.Select(p => ChartSeries.Point(p.Start, (double)Math.Round(p.Cost, 6)))]))];
    }

    private static string Href(int days, CostGrouping by) => $"costs?days={days}&by={by.ToString().ToLowerInvariant()}";

    private string Money(decimal value) => CostFormat.Money(value, _summary?.Currency);

    private static string Share(decimal part, decimal whole) => whole == 0 ? "—" : (part / whole).ToString("P0", CultureInfo.InvariantCulture);
}

/// <summary>Money as the cost views show it: 4 decimals below 1 (cents of a cent add up over a fleet), else 2.</summary>
public static class CostFormat
{
    public static string Money(decimal value, string? currency) =>
        (Math.Abs(value) < 1 ? value.ToString("0.0000", CultureInfo.InvariantCulture) : value.ToString("#,0.00", CultureInfo.InvariantCulture))
        + (currency is null ? "" : $" {currency}");

    /// <summary>Measured time: minutes under an hour ("0 h" would read as nothing measured).</summary>
    public static string Hours(double hours) =>
        hours >= 1 ? $"{hours.ToString("0.#", CultureInfo.InvariantCulture)} h" : $"{Math.Floor(hours * 60).ToString("0", CultureInfo.InvariantCulture)} min";
}
