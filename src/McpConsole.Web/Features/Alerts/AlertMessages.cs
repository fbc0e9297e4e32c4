using System.Net;
using System.Text;
using McpConsole.Core.Alerts;

namespace McpConsole.Web.Features.Alerts;

/// <summary>Renders one grouped notice as inline-styled HTML, plain text and a webhook payload. Server text is encoded.</summary>
public static class AlertMessages
{
    public static OutgoingMessage Render(AlertNotification n, DateTimeOffset now)
    {
        var html = new StringBuilder("<div style=\"font-family:Arial,sans-serif;font-size:14px;color:#222\">");
        var text = new StringBuilder();
        html.Append($"<h2 style=\"margin:0 0 8px\">{Enc(n.Title)}</h2>");
        text.AppendLine(n.Title).AppendLine();
        Section(html, text, "Firing", "#b71c1c", n.Firing, now, a => $"since {a.Since:yyyy-MM-dd HH:mm} UTC");
        Section(html, text, "Resolved", "#1b5e20", n.Resolved, now, a => $"resolved {a.ResolvedAt:yyyy-MM-dd HH:mm} UTC");
        html.Append("<p style=\"color:#666;font-size:12px\">McpConsole alert notice. Silence a server or group on the Alerts page.</p></div>");
        text.AppendLine("McpConsole alert notice. Silence a server or group on the Alerts page.");
        var payload = new
        {
            kind = n.Kind, status = n.Firing.Count > 0 ? "firing" : "resolved", severity = n.Severity, title = n.Title, sentAt = now,
            firing = n.Firing.Select(a => new { a.Key, a.Subject, a.Group, state = "firing", a.Details, a.Since }),
            resolved = n.Resolved.Select(a => new { a.Key, a.Subject, a.Group, state = "resolved", a.Details, a.Since, a.ResolvedAt }),
        };
        return new OutgoingMessage($"[McpConsole] {n.Title}", html.ToString(), text.ToString(), payload);
    }

    private static void Section(StringBuilder html, StringBuilder text, string title, string colour, IReadOnlyList<ActiveAlert> alerts,
        DateTimeOffset now, Func<ActiveAlert, string> when)
    {
        if (alerts.Count == 0)
            return;
        html.Append($"<h3 style=\"color:{colour};margin:12px 0 4px\">{title} ({alerts.Count})</h3><table style=\"border-collapse:collapse\">");
        text.AppendLine($"{title} ({alerts.Count})");
        foreach (var a in alerts)
        {
            var duration = Format((a.ResolvedAt ?? now) - a.Since);
            html.Append($"<tr><td style=\"padding:2px 12px 2px 0;font-weight:bold\">{Enc(a.Subject)}</td>")
                .Append($"<td style=\"padding:2px 12px 2px 0\">{Enc(a.Group ?? "")}</td>")
                .Append($"<td style=\"padding:2px 12px 2px 0\">{Enc(when(a))} ({duration})</td>")
                .Append($"<td style=\"padding:2px 0\">{Enc(a.Details)}</td></tr>");
            text.AppendLine($"- {a.Subject}{(a.Group is null ? "" : $" [{a.Group}]")}: {when(a)} ({duration}) {a.Details}");
        }

        html.Append("</table>");
        text.AppendLine();
    }

    public static string Format(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{(int)span.TotalDays} d {span.Hours} h" : span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : $"{Math.Max(0, (int)span.TotalMinutes)} min";

    private static string Enc(string s) => WebUtility.HtmlEncode(s);
}
