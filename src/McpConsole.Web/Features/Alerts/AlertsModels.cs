using McpConsole.Core.Fleet;

namespace McpConsole.Web.Features.Alerts;

/// <summary>
/// A channel as the API and page send it. Password: null keeps the stored one, "" clears it. WebhookUrl: null or the
/// redacted form shown keeps the stored URL.
/// </summary>
public sealed record ChannelInput(string Name, string Kind, bool Enabled = true, string? Host = null, int Port = 25, string? TlsMode = null,
    string? Username = null, string? Password = null, string? From = null, string? To = null, string? WebhookUrl = null);

/// <summary>A channel as shown: the password is never returned, only whether one is stored; the webhook URL only as its origin.</summary>
public sealed record ChannelView(int Id, string Name, string Kind, bool Enabled, string? Host, int Port, string TlsMode, string? Username,
    bool HasPassword, string? From, string? To, string? WebhookUrl)
{
    public static ChannelView Of(AlertChannel c) =>
        new(c.Id, c.Name, c.Kind, c.Enabled, c.Host, c.Port, c.TlsMode, c.Username, c.PasswordProtected is not null, c.From, c.To, UrlRedaction.OriginOnly(c.WebhookUrl));
}

public sealed record RuleView(string Kind, bool Enabled, int ForSeconds);

public sealed record SilenceInput(string Scope, string? Target, string? Kind, DateTimeOffset? StartsAt, DateTimeOffset EndsAt, string? Comment);

public sealed record SilenceView(int Id, string Scope, string? Target, string? Kind, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Comment, string CreatedBy, bool Active);

public sealed record AlertView(string Key, string Kind, string Subject, string? Group, string Details, DateTimeOffset Since, DateTimeOffset? LastNotifiedAt, DateTimeOffset? ResolvedAt);

public sealed record DeliveryView(long Id, DateTimeOffset At, string Purpose, string ChannelName, string Subject, string Recipients, bool Succeeded, string Answer, int? ReportId)
{
    public static DeliveryView From(Delivery d) => new(d.Id, d.At, d.Purpose, d.ChannelName, d.Subject, d.Recipients, d.Succeeded, d.Answer, d.ReportId);
}

/// <summary>Result of a change: the value, or the reason it was refused (400), or not found.</summary>
public sealed record Change<T>(T? Value, string? Error, bool NotFound = false)
{
    public static Change<T> Ok(T value) => new(value, null);
    public static Change<T> Refused(string error) => new(default, error);
    public static Change<T> Missing() => new(default, "not found", true);
}
