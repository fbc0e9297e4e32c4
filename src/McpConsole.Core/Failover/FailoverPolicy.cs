namespace McpConsole.Core.Failover;

/// <summary>How a group is checked and when it fails over. Defaults are the ones an operator would choose.</summary>
public sealed record FailoverPolicy
{
    /// <summary>Time between two checks of the group (default 10 s).</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Consecutive failed checks of the active primary before a standby is promoted (default 3).</summary>
    public int FailuresBeforeFailover { get; init; } = 3;

    /// <summary>Deadline of one check (default 5 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Fail back to the preferred primary on its own once it is stable again (default off: manual).</summary>
    public bool AutomaticFailback { get; init; }

    /// <summary>
    /// Consecutive healthy checks a fenced former primary needs before it may be promoted again (flap damping;
    /// default 3). A standby that never was primary needs one.
    /// </summary>
    public int StableChecksBeforeEligible { get; init; } = 3;

    public static FailoverPolicy Default { get; } = new();

    /// <summary>The longest time from the first failed check to the promotion decision.</summary>
    public TimeSpan DetectionBound => CheckInterval * FailuresBeforeFailover;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (CheckInterval < TimeSpan.FromSeconds(1) || CheckInterval > TimeSpan.FromHours(1))
            errors.Add("check interval must be between 1 s and 1 h");
        if (FailuresBeforeFailover is < 1 or > 100)
            errors.Add("failures before failover must be between 1 and 100");
        if (Timeout < TimeSpan.FromMilliseconds(100) || Timeout > TimeSpan.FromMinutes(2))
            errors.Add("timeout must be between 0.1 s and 120 s");
        else if (Timeout > CheckInterval)
            errors.Add("timeout must not exceed the check interval");
        if (StableChecksBeforeEligible is < 1 or > 100)
            errors.Add("stable checks before eligible must be between 1 and 100");
        return errors;
    }
}
