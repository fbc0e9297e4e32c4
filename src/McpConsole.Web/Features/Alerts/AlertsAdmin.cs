using System.Net.Mail;
using McpConsole.Core.Alerts;
using McpConsole.Core.Fleet;
using McpConsole.Web.Features.Audit;
using McpConsole.Web.Infrastructure.Outbound;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Alerts;

/// <summary>Channels, rules, silences and the current alerts: validated, audited changes.</summary>
public sealed class AlertsAdmin(IDbContextFactory<ConsoleDbContext> dbFactory, ChannelSecrets secrets, AuditLog audit, AlertConfiguration config,
    DeliveryLog deliveries, TimeProvider clock)
{
    public async Task<IReadOnlyList<ChannelView>> ChannelsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return [.. (await db.Set<AlertChannel>().AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct)).Select(ChannelView.Of)];
    }

    public async Task<Change<ChannelView>> SaveChannelAsync(int? id, ChannelInput input, string actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = id is null ? null : await db.Set<AlertChannel>().FindAsync([id.Value], ct);
        if (id is not null && row is null)
            return Change<ChannelView>.Missing();
        var keepWebhook = row?.WebhookUrl is not null && KeepsStoredWebhook(input.WebhookUrl, row.WebhookUrl);
        if (ValidateChannel(input, keepWebhook) is { } error)
            return Change<ChannelView>.Refused(error);
        if (await db.Set<AlertChannel>().AnyAsync(c => c.Name == input.Name.Trim() && c.Id != (id ?? 0), ct))
            return Change<ChannelView>.Refused($"a channel named '{input.Name.Trim()}' already exists");
        var webhookBefore = row?.WebhookUrl;
        row ??= db.Add(new AlertChannel { Name = "", Kind = input.Kind }).Entity;
        row.Name = input.Name.Trim();
        row.Kind = input.Kind;
        row.Enabled = input.Enabled;
        row.Host = input.Host?.Trim();
        row.Port = input.Port;
        row.TlsMode = input.TlsMode ?? TlsModes.Auto;
        row.Username = string.IsNullOrWhiteSpace(input.Username) ? null : input.Username.Trim();
        if (input.Password is not null)
            row.PasswordProtected = secrets.Protect(input.Password);
        row.From = input.From?.Trim();
        row.To = input.To?.Trim();
        if (row.Kind != ChannelKinds.Webhook)
        {
            row.WebhookUrl = row.WebhookUrlProtected = null;
        }
        else if (!keepWebhook)
        {
            row.WebhookUrlProtected = secrets.Protect(input.WebhookUrl!.Trim());
            row.WebhookUrl = UrlRedaction.OriginOnly(input.WebhookUrl.Trim());
        }
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(new AuditRecord(actor, id is null ? "alerts.channel.add" : "alerts.channel.update", row.Name,
            row.Kind == ChannelKinds.Email ? $"{row.Host}:{row.Port} {row.TlsMode}{(input.Password is null ? "" : ", password changed")}"
                : UrlOrigins.Change("webhook", webhookBefore, row.WebhookUrl) ?? $"webhook {UrlOrigins.Of(row.WebhookUrl)} unchanged"), ct);
        return Change<ChannelView>.Ok(ChannelView.Of(row));
    }

    /// <summary>Removes a channel; refused while a report is sent through it (the report would silently stop).</summary>
    public async Task<Change<string>> DeleteChannelAsync(int id, string actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Set<AlertChannel>().FindAsync([id], ct);
        if (row is null)
            return Change<string>.Missing();
        var reports = await db.Set<ReportDefinition>().Where(r => r.ChannelId == id).Select(r => r.Name).ToListAsync(ct);
        if (reports.Count > 0)
            return Change<string>.Refused($"channel '{row.Name}' sends the report(s) {string.Join(", ", reports.Select(r => $"'{r}'"))}: choose another channel for them or delete them first");
        db.Remove(row);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(new AuditRecord(actor, "alerts.channel.delete", row.Name), ct);
        return Change<string>.Ok(row.Name);
    }

    /// <summary>Sends a short test message through the channel and records the delivery.</summary>
    public async Task<SendResult?> TestChannelAsync(int id, string actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var channel = await db.Set<AlertChannel>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (channel is null)
            return null;
        var now = clock.GetUtcNow();
        var text = $"Test message from McpConsole, sent {now:yyyy-MM-dd HH:mm:ss} UTC by {actor}. If you can read this, the channel works.";
        var message = new OutgoingMessage($"[McpConsole] Test of channel {channel.Name}",
            $"<p style=\"font-family:Arial,sans-serif\">{System.Net.WebUtility.HtmlEncode(text)}</p>", text,
            new { kind = "Test", title = $"Test of channel {channel.Name}", sentAt = now, text });
        var result = await deliveries.SendAsync("Test", $"test:{id}:{now.UtcTicks}", null, channel, ChannelRecipients.Parse(channel.To), message, ct);
        await audit.RecordAsync(new AuditRecord(actor, "alerts.channel.test", channel.Name, result.Answer, result.Succeeded), ct);
        return result;
    }

    public async Task<IReadOnlyList<RuleView>> RulesAsync(CancellationToken ct) =>
        [.. (await config.RulesAsync(ct)).Select(r => new RuleView(r.Kind, r.Enabled, (int)r.For.TotalSeconds))];

    public async Task<Change<RuleView>> SaveRuleAsync(RuleView rule, string actor, CancellationToken ct)
    {
        if (!AlertKinds.All.Contains(rule.Kind))
            return Change<RuleView>.Missing();
        if (rule.ForSeconds is < 0 or > 7 * 24 * 3600)
            return Change<RuleView>.Refused("the minimum duration must be between 0 seconds and 7 days");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Set<AlertRuleRow>().FindAsync([rule.Kind], ct) ?? db.Add(new AlertRuleRow { Kind = rule.Kind }).Entity;
        row.Enabled = rule.Enabled;
        row.ForSeconds = rule.ForSeconds;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(new AuditRecord(actor, "alerts.rule.update", rule.Kind, $"{(rule.Enabled ? "enabled" : "disabled")}, for {rule.ForSeconds} s"), ct);
        return Change<RuleView>.Ok(rule);
    }

    public async Task<IReadOnlyList<SilenceView>> SilencesAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Set<AlertSilence>().AsNoTracking().ToListAsync(ct);
        return [.. rows.Where(s => s.EndsAt > now - TimeSpan.FromDays(7)).OrderByDescending(s => s.EndsAt)
            .Select(s => new SilenceView(s.Id, s.Scope, s.Target, s.Kind, s.StartsAt, s.EndsAt, s.Comment, s.CreatedBy, s.StartsAt <= now && now < s.EndsAt))];
    }

    public async Task<Change<SilenceView>> AddSilenceAsync(SilenceInput input, string actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!Enum.TryParse<SilenceScope>(input.Scope, true, out var scope) || !Enum.IsDefined(scope))
            return Change<SilenceView>.Refused("scope must be Server, Group or All");
        if (input.Kind is not null && !AlertKinds.All.Contains(input.Kind))
            return Change<SilenceView>.Refused($"unknown alert kind '{input.Kind}'");
        var starts = input.StartsAt ?? now;
        var errors = Silence.Validate(scope, input.Target, starts, input.EndsAt, now);
        if (errors.Count > 0)
            return Change<SilenceView>.Refused(string.Join(" ", errors));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = db.Add(new AlertSilence
        {
            Scope = scope.ToString(), Target = scope == SilenceScope.All ? null : input.Target!.Trim(), Kind = input.Kind,
            StartsAt = starts, EndsAt = input.EndsAt, Comment = input.Comment?.Trim(), CreatedBy = actor,
        }).Entity;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(new AuditRecord(actor, "alerts.silence.add", row.Target ?? "all", $"{row.Scope} {row.Kind ?? "all kinds"} until {row.EndsAt:u}: {row.Comment}"), ct);
        return Change<SilenceView>.Ok(new SilenceView(row.Id, row.Scope, row.Target, row.Kind, row.StartsAt, row.EndsAt, row.Comment, actor, row.StartsAt <= now));
    }

    /// <summary>Ends a silence now (kept in the list as expired).</summary>
    public async Task<bool> EndSilenceAsync(int id, string actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Set<AlertSilence>().FindAsync([id], ct);
        if (row is null)
            return false;
        row.EndsAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(new AuditRecord(actor, "alerts.silence.end", row.Target ?? "all"), ct);
        return true;
    }

    public async Task<IReadOnlyList<AlertView>> ActiveAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Set<AlertStateRow>().AsNoTracking().ToListAsync(ct);
        return [.. rows.OrderBy(a => a.Kind).ThenBy(a => a.Subject).Select(a => new AlertView(a.Key, a.Kind, a.Subject, a.Group, a.Details, a.Since, a.LastNotifiedAt, a.ResolvedAt))];
    }

    /// <summary>The form sends back what it was shown (or nothing): that keeps the stored URL.</summary>
    private static bool KeepsStoredWebhook(string? input, string stored) =>
        string.IsNullOrWhiteSpace(input) || input.Trim() == UrlRedaction.OriginOnly(stored) || input.Contains(SecretRedaction.Placeholder, StringComparison.Ordinal);

    private static string? ValidateChannel(ChannelInput input, bool keepWebhook)
    {
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Length > 100)
            return "a channel needs a name of at most 100 characters";
        if (input.Kind == ChannelKinds.Webhook)
        {
            return keepWebhook || Uri.TryCreate(input.WebhookUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? null : "the webhook URL must be an absolute http or https URL";
        }

        if (input.Kind != ChannelKinds.Email)
            return "kind must be Email or Webhook";
        if (string.IsNullOrWhiteSpace(input.Host))
            return "an e-mail channel needs the SMTP host";
        if (input.Port is < 1 or > 65535)
            return "the SMTP port must be between 1 and 65535";
        if (input.TlsMode is not null && !TlsModes.All.Contains(input.TlsMode))
            return $"TLS mode must be one of {string.Join(", ", TlsModes.All)}";
        if (!IsAddress(input.From))
            return "the sender (From) must be an e-mail address";
        var bad = ChannelRecipients.Parse(input.To).FirstOrDefault(a => !IsAddress(a));
        return bad is null ? null : $"'{bad}' is not an e-mail address";
    }

    public static bool IsAddress(string? value) => MailAddress.TryCreate(value?.Trim(), out var a) && a.Address == value!.Trim();
}
