using McpConsole.Core.Metrics;
using McpConsole.Web.Features.Metrics.Series;
using McpConsole.Web.Features.Probing;
using Microsoft.AspNetCore.Components;

namespace McpConsole.Web.Features.Metrics.Charts;

public sealed partial class ServerChartsSection : IDisposable
{
    [Parameter, EditorRequired] public int ServerId { get; set; }
    [SupplyParameterFromQuery(Name = "range")] public string? RangeName { get; set; }
    [CascadingParameter(Name = "DarkMode")] public bool Dark { get; set; }
    [Inject] public required ServerMetricsService Metrics { get; init; }
    [Inject] public required FleetNotifier Notifier { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }

    private MetricsRange _range = MetricsRange.Day;
    private ServerMetrics? _metrics;
    private string? _error;
    private IReadOnlyList<ChartSeries> _latencySeries = [];
    private IReadOnlyList<ChartSeries> _availabilitySeries = [];
    private ApexChart? _latency;
    private ApexChart? _availability;
    private LiveBuffer? _live;
    private int _loadedFor = -1;
    private string? _loadedRange;

    protected override async Task OnParametersSetAsync()
    {
        if (!MetricsRange.TryParse(RangeName, out _range))
        {
            _error = $"Unknown range '{RangeName}'. Choose one of {string.Join(", ", MetricsRange.All.Select(r => r.Name))}.";
            return;
        }

        _error = null;
        if (_loadedFor == ServerId && _loadedRange == _range.Name)
            return;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _loadedFor = ServerId;
        _loadedRange = _range.Name;
        _metrics = await Metrics.GetAsync(ServerId, _range);
        var points = _metrics?.Points ?? [];
        _latencySeries =
        [
            new ChartSeries("p50", [.. points.Select(p => ChartSeries.Point(p.At, p.P50Ms))]),
            new ChartSeries("p95", [.. points.Select(p => ChartSeries.Point(p.At, p.P95Ms))]),
        ];
        _availabilitySeries = [new ChartSeries("availability", [.. points.Select(p => ChartSeries.Point(p.At, p.AvailabilityPercent))])];
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
            _live = new LiveBuffer(Notifier, ServerId, Clock, FlushAsync);
    }

    /// <summary>Live points go on the short ranges (1 h, 24 h), where one probe is visible; state changes refresh the objective and incidents.</summary>
    private async Task FlushAsync(IReadOnlyList<ServerStatusChanged> changes)
    {
        await InvokeAsync(async () =>
        {
            if (_range.Source is SeriesSource.Raw or SeriesSource.Minutes && _latency is not null && _availability is not null)
            {
                var latency = changes.Select(c => ChartSeries.Point(c.CheckedAt, c.Succeeded ? Math.Round(c.LatencyMs, 2) : null)).ToList();
                await _latency.AppendAsync([latency, latency]);
                await _availability.AppendAsync([[.. changes.Select(c => ChartSeries.Point(c.CheckedAt, c.Succeeded ? 100 : 0))]]);
            }

            if (changes.Any(c => c.Transition is not null) && _metrics is not null)
            {
                var fresh = await Metrics.GetAsync(ServerId, _range);
                if (fresh is not null)
                {
                    _metrics = fresh with { Points = _metrics.Points };
                    StateHasChanged();
                }
            }
        });
    }

    private string RangeHref(MetricsRange r) => Navigation.GetUriWithQueryParameter("range", r.Name);

    public void Dispose() => _live?.Dispose();
}
