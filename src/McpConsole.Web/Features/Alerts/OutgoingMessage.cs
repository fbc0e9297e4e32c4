namespace McpConsole.Web.Features.Alerts;

/// <summary>A message ready to send: HTML (inline styles, no scripts) with a plain-text alternative.</summary>
public sealed record OutgoingMessage(string Subject, string Html, string Text, object? WebhookPayload = null);

/// <summary>The outcome of one send: whether the server accepted it and what it answered.</summary>
public sealed record SendResult(bool Succeeded, string Answer);
