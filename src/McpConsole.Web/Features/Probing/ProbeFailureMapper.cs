using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using McpConsole.Core.Health;
using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Infrastructure.Outbound;
using McpConsole.Web.Infrastructure.Limits;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace McpConsole.Web.Features.Probing;

/// <summary>Turns what the SDK, HttpClient and the OS throw into Core <see cref="ProbeFailure"/> kinds.</summary>
public static partial class ProbeFailureMapper
{
    /// <param name="deadlineExpired">The probe's own deadline fired (a cancellation then means a timeout).</param>
    public static ProbeFailure Map(Exception exception, ProbeTarget target, string step, bool deadlineExpired)
    {
        if (OutboundRefusedException.Find(exception) is { } refused)
        {
            return ProbeFailure.OtherError($"{step}: {refused.Message}");
        }

        foreach (var ex in Chain(exception))
        {
            switch (ex)
            {
                case ResponseTooLargeException tooLarge:
                    return ProbeFailure.Protocol($"{step}: {tooLarge.Message}");
                case StdioUnavailableException unavailable:
                    return unavailable.Failure;
                case ClientTransportClosedException closed when closed.Details is StdioClientCompletionDetails stdio:
                    return ProbeFailure.TransportClosed(stdio.ExitCode, stdio.StandardErrorTail is { } lines ? string.Join('\n', lines) : null);
                case ClientTransportClosedException closed when closed.Details is HttpClientCompletionDetails { HttpStatusCode: { } code }:
                    return ProbeFailure.Http((int)code, Endpoint(target));
                case HttpRequestException { StatusCode: { } status }:
                    return ProbeFailure.Http((int)status, Endpoint(target));
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return ProbeFailure.ConnectionRefused(Endpoint(target));
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData }:
                    return ProbeFailure.OtherError($"host not found ({Endpoint(target)})");
                case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }:
                    return ProbeFailure.ConnectionRefused(Endpoint(target));
                case Win32Exception when target.Definition.Transport == Core.Fleet.ServerTransport.Stdio:
                    return ProbeFailure.CommandNotFound(target.Definition.Command ?? "");
                case IOException io when target.Definition.Transport == Core.Fleet.ServerTransport.Stdio && io.InnerException is not Win32Exception:
                    return ExitedProcess(io.Message);
                case UriFormatException or NotSupportedException when target.Definition.IsHttp:
                    return ProbeFailure.InvalidUrl(target.Definition.Url);
                case JsonException json:
                    return ProbeFailure.Protocol($"invalid JSON at {step}: {json.Message}");
                case McpProtocolException protocol:
                    return ProbeFailure.Protocol($"{step}: {protocol.ErrorCode} {protocol.Message}");
            }
        }

        if (deadlineExpired && exception is OperationCanceledException or TimeoutException || exception is TimeoutException)
        {
            return ProbeFailure.Timeout($"{step} after {target.Timeout().TotalSeconds:0.#} s");
        }

        if (StatusInMessage(exception) is { } statusCode)
        {
            return ProbeFailure.Http(statusCode, Endpoint(target));
        }

        return exception is McpException or ClientTransportClosedException
            ? ProbeFailure.Protocol($"{step}: {exception.Message}")
            : ProbeFailure.OtherError($"{step}: {exception.GetType().Name}: {exception.Message}");
    }

    /// <summary>An HTTP session the server no longer knows (server restarted): re-create the client, not an outage.</summary>
    public static bool IsSessionExpired(Exception exception) => Chain(exception).Any(ex =>
        ex.Message.Contains("session", StringComparison.OrdinalIgnoreCase) && (ex.Message.Contains("404", StringComparison.Ordinal)
            || ex.Message.Contains("No valid session", StringComparison.OrdinalIgnoreCase)
            || ex.Message.Contains("not found", StringComparison.OrdinalIgnoreCase))
        || ex is HttpRequestException { StatusCode: HttpStatusCode.NotFound }
        || ex is ClientTransportClosedException { Details: HttpClientCompletionDetails { HttpStatusCode: HttpStatusCode.NotFound } });

    // "MCP server process exited unexpectedly (exit code: 3)\nServer's stderr tail:\n..."
    private static ProbeFailure ExitedProcess(string message)
    {
        var code = ExitCodeRegex().Match(message);
        var tailAt = message.IndexOf("stderr tail:", StringComparison.OrdinalIgnoreCase);
        return ProbeFailure.TransportClosed(
            code.Success ? int.Parse(code.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null,
            tailAt >= 0 ? message[(tailAt + "stderr tail:".Length)..].Trim() : message);
    }

    private static string? Endpoint(ProbeTarget target) =>
        Uri.TryCreate(target.Definition.Url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) : target.Definition.Url;

    private static int? StatusInMessage(Exception exception) => Chain(exception)
        .Select(ex => StatusRegex().Match(ex.Message))
        .Where(m => m.Success)
        .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
        .Cast<int?>()
        .FirstOrDefault();

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? ex = exception; ex is not null; ex = ex.InnerException)
        {
            yield return ex;
            if (ex is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }

    [GeneratedRegex(@"exit code:? (-?\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex ExitCodeRegex();

    [GeneratedRegex(@"(?:status code (?:does not indicate success: )?|\bHTTP )([1-5]\d\d)\b", RegexOptions.IgnoreCase)]
    private static partial Regex StatusRegex();
}
