using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpConsole.Web.Features.Alerts;

/// <summary>Channel kinds: an SMTP mailbox or a generic JSON webhook.</summary>
public static class ChannelKinds
{
    public const string Email = "Email";
    public const string Webhook = "Webhook";
}

/// <summary>SMTP TLS modes, as MailKit's SecureSocketOptions names them.</summary>
public static class TlsModes
{
    public const string None = "None";
    public const string StartTls = "StartTls";
    public const string SslOnConnect = "SslOnConnect";
    public const string Auto = "Auto";
    public static readonly IReadOnlyList<string> All = [Auto, None, StartTls, SslOnConnect];
}

/// <summary>Where notices and reports go. The SMTP password and the webhook URL are stored encrypted (Data Protection), never returned.</summary>
public sealed class AlertChannel
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Kind { get; set; }
    public bool Enabled { get; set; } = true;
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public string TlsMode { get; set; } = TlsModes.Auto;
    public string? Username { get; set; }
    public string? PasswordProtected { get; set; }
    public string? From { get; set; }

    /// <summary>Comma-separated addresses that receive alert notices (reports have their own recipients).</summary>
    public string? To { get; set; }

    /// <summary>The webhook URL as shown: scheme, host and port only (Slack-style URLs are tokens).</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The webhook URL itself, encrypted (Data Protection).</summary>
    public string? WebhookUrlProtected { get; set; }
}

/// <summary>A stored rule override: kind, enabled, minimum duration (defaults come from AlertRule.Defaults).</summary>
public sealed class AlertRuleRow
{
    public required string Kind { get; set; }
    public bool Enabled { get; set; }
    public int ForSeconds { get; set; }
}

/// <summary>An alert the book tracks (firing, or resolved with a notice still owed).</summary>
public sealed class AlertStateRow
{
    public required string Key { get; set; }
    public required string Kind { get; set; }
    public required string Subject { get; set; }
    public string? Group { get; set; }
    public string Details { get; set; } = "";
    public DateTimeOffset Since { get; set; }
    public DateTimeOffset? LastNotifiedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public bool ResolvedNotified { get; set; }
}

/// <summary>A maintenance window (see McpConsole.Core.Alerts.Silence).</summary>
public sealed class AlertSilence
{
    public int Id { get; set; }
    public required string Scope { get; set; }
    public string? Target { get; set; }
    public string? Kind { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public string? Comment { get; set; }
    public required string CreatedBy { get; set; }
}

/// <summary>A scheduled report: cron in a time zone, recipients, sections, the e-mail channel that sends it.</summary>
public sealed class ReportDefinition
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Cron { get; set; }
    public string TimeZone { get; set; } = "UTC";
    public required string Recipients { get; set; }

    /// <summary>Comma-separated ReportSections names.</summary>
    public required string Sections { get; set; }
    public int ChannelId { get; set; }

    /// <summary>How many days back the report looks (1 daily, 7 weekly, 30 monthly).</summary>
    public int PeriodDays { get; set; } = 7;
    public bool Enabled { get; set; } = true;
}

/// <summary>One attempt to deliver a notice, a report or a test: what was sent and what the server answered.</summary>
public sealed class Delivery
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>Alert, Report or Test.</summary>
    public required string Purpose { get; set; }

    /// <summary>Identifies one report run or one notice across retries, so a retry never sends twice.</summary>
    public required string RunKey { get; set; }
    public int? ReportId { get; set; }
    public required string ChannelName { get; set; }
    public required string Subject { get; set; }
    public required string Recipients { get; set; }
    public bool Succeeded { get; set; }

    /// <summary>The SMTP server's (or webhook's) answer, or the error.</summary>
    public required string Answer { get; set; }
}

/// <summary>How far an event source (backup events, failover events) has been read, kept across restarts.</summary>
public sealed class AlertCursor
{
    public required string Source { get; set; }
    public long LastSeenId { get; set; }
}

internal sealed class AlertsConfiguration :
    IEntityTypeConfiguration<AlertChannel>, IEntityTypeConfiguration<AlertRuleRow>, IEntityTypeConfiguration<AlertStateRow>,
    IEntityTypeConfiguration<AlertSilence>, IEntityTypeConfiguration<ReportDefinition>, IEntityTypeConfiguration<Delivery>,
    IEntityTypeConfiguration<AlertCursor>
{
    public void Configure(EntityTypeBuilder<AlertCursor> b)
    {
        b.ToTable("AlertCursors");
        b.HasKey(c => c.Source);
        b.Property(c => c.Source).HasMaxLength(50);
    }

    public void Configure(EntityTypeBuilder<AlertChannel> b)
    {
        b.ToTable("AlertChannels");
        b.HasIndex(c => c.Name).IsUnique();
        b.Property(c => c.Name).HasMaxLength(100);
    }

    public void Configure(EntityTypeBuilder<AlertRuleRow> b)
    {
        b.ToTable("AlertRules");
        b.HasKey(r => r.Kind);
    }

    public void Configure(EntityTypeBuilder<AlertStateRow> b)
    {
        b.ToTable("AlertStates");
        b.HasKey(a => a.Key);
        b.Property(a => a.Details).HasMaxLength(4000);
    }

    public void Configure(EntityTypeBuilder<AlertSilence> b)
    {
        b.ToTable("AlertSilences");
        b.HasIndex(s => s.EndsAt);
    }

    public void Configure(EntityTypeBuilder<ReportDefinition> b)
    {
        b.ToTable("ReportDefinitions");
        b.HasIndex(r => r.Name).IsUnique();
    }

    public void Configure(EntityTypeBuilder<Delivery> b)
    {
        b.ToTable("Deliveries");
        b.HasIndex(d => d.At);
        b.HasIndex(d => d.RunKey);
        b.Property(d => d.Answer).HasMaxLength(4000);
    }
}
