namespace McpConsole.Web.Features.SelfMonitoring;

/// <summary>
/// The latest self-check results, in memory (the overview banner, /metrics and the heartbeat read them; they work when
/// the database does not). Subscribers are told after each evaluation that changed something.
/// </summary>
public sealed class SelfStatus
{
    private readonly Lock _gate = new();
    private readonly List<Action> _subscribers = [];
    private IReadOnlyDictionary<string, SelfCheckState> _checks = new Dictionary<string, SelfCheckState>();

    public DateTimeOffset? EvaluatedAt { get; private set; }

    public IReadOnlyCollection<SelfCheckState> Checks => [.. _checks.Values];

    public IReadOnlyList<SelfCheckState> Failing => [.. _checks.Values.Where(c => c.Failing).OrderBy(c => c.Since)];

    /// <summary>Hangfire's failed-job count at the last evaluation (null when job storage did not answer).</summary>
    public long? FailedJobs { get; internal set; }

    public bool IsFailing(string kind) => _checks.TryGetValue(kind, out var c) && c.Failing;

    public IDisposable Subscribe(Action changed)
    {
        lock (_gate)
            _subscribers.Add(changed);
        return new Subscription(() =>
        {
            lock (_gate)
                _subscribers.Remove(changed);
        });
    }

    /// <summary>Stores one evaluation; a check failing since before keeps its start time. Returns the checks that changed.</summary>
    internal IReadOnlyList<SelfCheckState> Update(IEnumerable<SelfCheckResult> results, DateTimeOffset now)
    {
        var previous = _checks;
        var next = new Dictionary<string, SelfCheckState>();
        var changed = new List<SelfCheckState>();
        foreach (var r in results)
        {
            var before = previous.GetValueOrDefault(r.Kind);
            var since = r.Failing ? before is { Failing: true } ? before.Since : now : null;
            var state = new SelfCheckState(r.Kind, r.Failing, r.Problem, r.Action, since);
            next[r.Kind] = state;
            if (before is null ? r.Failing : before.Failing != r.Failing || before.Problem != r.Problem)
                changed.Add(state);
        }

        _checks = next;
        EvaluatedAt = now;
        if (changed.Count > 0)
        {
            Action[] subscribers;
            lock (_gate)
                subscribers = [.. _subscribers];
            foreach (var s in subscribers)
                s();
        }

        return changed;
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
