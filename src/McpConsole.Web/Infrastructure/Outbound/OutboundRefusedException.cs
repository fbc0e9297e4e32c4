namespace McpConsole.Web.Infrastructure.Outbound;

/// <summary>
/// The outbound policy refused a connection or a redirect. An <see cref="HttpRequestException"/>, so every caller's
/// existing transport-failure handling applies; its message is the reason to show ("refused by the outbound policy: ...").
/// </summary>
public sealed class OutboundRefusedException(string reason) : HttpRequestException(HttpRequestError.Unknown, reason)
{
    public const string Prefix = "refused by the outbound policy: ";

    /// <summary>The policy refusal anywhere in an exception's chain (SocketsHttpHandler wraps what a connect callback throws).</summary>
    public static OutboundRefusedException? Find(Exception? exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is OutboundRefusedException refused)
                return refused;
            if (ex is AggregateException aggregate && aggregate.InnerExceptions.Select(Find).FirstOrDefault(r => r is not null) is { } inner)
                return inner;
        }

        return null;
    }
}
