namespace McpConsole.SampleServer.Faults;

/// <summary>Holds the active faults and runs the ones that act by themselves (CPU, memory, crash).</summary>
public sealed class FaultState(ILogger<FaultState> logger, IHostApplicationLifetime lifetime) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly CpuBurner _cpu = new();
    private readonly MemoryHolder _memory = new();
    private CancellationTokenSource? _crash;

    private long _appliedAt = System.Diagnostics.Stopwatch.GetTimestamp();

    public FaultSettings Current { get; private set; } = new();

    /// <summary>Whether requests hang now: always (hang) or once hang-after-ms has passed since the faults were applied.</summary>
    public bool Hangs => Current.Hang
        || (Current.HangAfterMs > 0 && System.Diagnostics.Stopwatch.GetElapsedTime(_appliedAt).TotalMilliseconds >= Current.HangAfterMs);

    /// <summary>Token that fires when the host stops: hung requests end with it.</summary>
    public CancellationToken Stopping => lifetime.ApplicationStopping;

    /// <summary>Replaces the active faults with <paramref name="settings"/>.</summary>
    public void Apply(FaultSettings settings)
    {
        settings.Validate();
        lock (_lock)
        {
            Current = settings;
            _appliedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            _cpu.Set(settings.CpuShare);
            _memory.Set(settings.MemoryMb);
            _crash?.Cancel();
            _crash = null;
            if (settings.CrashExitCode is { } code) ScheduleCrash(code, settings.CrashAfterMs);
        }
        if (settings != new FaultSettings() || settings.FailingDependencies.Count > 0)
            logger.LogWarning("Faults now {Faults}", System.Text.Json.JsonSerializer.Serialize(settings));
    }

    /// <summary>True for a share of calls equal to the configured error rate.</summary>
    public bool ShouldFail() => Current.ErrorRate > 0 && Random.Shared.NextDouble() < Current.ErrorRate;

    private void ScheduleCrash(int code, int afterMs)
    {
        var cts = _crash = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            await Task.Delay(afterMs, cts.Token);
            logger.LogCritical("Crash fault: exiting with code {Code}", code);
            Environment.Exit(code);
        }, cts.Token);
    }

    public void Dispose()
    {
        _crash?.Cancel();
        _cpu.Set(0);
        _memory.Set(0);
    }
}
