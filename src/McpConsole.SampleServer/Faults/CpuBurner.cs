using System.Diagnostics;

namespace McpConsole.SampleServer.Faults;

/// <summary>Burns CPU at a given share of one core: each thread spins for its share of every 50 ms slice.</summary>
internal sealed class CpuBurner
{
    private const int SliceMs = 50;
    private CancellationTokenSource? _cts;

    public void Set(double share)
    {
        _cts?.Cancel();
        _cts = null;
        if (share <= 0) return;
        var cts = _cts = new CancellationTokenSource();
        for (var remaining = share; remaining > 0; remaining -= 1)
        {
            var threadShare = Math.Min(1, remaining);
            new Thread(() => Burn(threadShare, cts.Token)) { IsBackground = true, Name = "fault-cpu" }.Start();
        }
    }

    private static void Burn(double share, CancellationToken ct)
    {
        var busy = TimeSpan.FromMilliseconds(SliceMs * share);
        var sw = new Stopwatch();
        while (!ct.IsCancellationRequested)
        {
            sw.Restart();
            while (sw.Elapsed < busy) Thread.SpinWait(1000);
            var idle = SliceMs - (int)sw.ElapsedMilliseconds;
            if (idle > 0) Thread.Sleep(idle);
        }
    }
}
