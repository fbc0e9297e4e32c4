namespace McpConsole.Core.Alerts;

/// <summary>What a silence covers: one server (by name), one server group, or everything.</summary>
public enum SilenceScope
{
    Server,
    Group,
    All,
}

/// <summary>
/// A maintenance window: alerts whose subject (Server) or group (Group) equals <paramref name="Target"/>, optionally of
/// one kind only, are not notified between <paramref name="StartsAt"/> and <paramref name="EndsAt"/>.
/// </summary>
public sealed record Silence(SilenceScope Scope, string? Target, string? Kind, DateTimeOffset StartsAt, DateTimeOffset EndsAt)
{
    public bool IsActive(DateTimeOffset now) => StartsAt <= now && now < EndsAt;

    public bool Matches(ActiveAlert alert, DateTimeOffset now)
    {
        if (!IsActive(now) || (Kind is not null && !string.Equals(Kind, alert.Kind, StringComparison.Ordinal)))
            return false;
        return Scope switch
        {
            SilenceScope.All => true,
            SilenceScope.Server => string.Equals(Target, alert.Subject, StringComparison.OrdinalIgnoreCase),
            SilenceScope.Group => alert.Group is not null && string.Equals(Target, alert.Group, StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }

    /// <summary>Empty when valid, otherwise what is wrong, in words an operator understands.</summary>
    public static IReadOnlyList<string> Validate(SilenceScope scope, string? target, DateTimeOffset startsAt, DateTimeOffset endsAt, DateTimeOffset now)
    {
        var errors = new List<string>();
        if (scope != SilenceScope.All && string.IsNullOrWhiteSpace(target))
            errors.Add("A server or group silence needs the server or group name.");
        if (endsAt <= startsAt)
            errors.Add("The silence must end after it starts.");
        if (endsAt <= now)
            errors.Add("The silence has already expired.");
        if (endsAt - startsAt > TimeSpan.FromDays(90))
            errors.Add("A silence may last at most 90 days.");
        return errors;
    }
}
