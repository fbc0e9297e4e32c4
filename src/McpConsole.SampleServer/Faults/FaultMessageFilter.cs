using System.Diagnostics;
using McpConsole.SampleServer.Metrics;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpConsole.SampleServer.Faults;

/// <summary>
/// Outermost incoming-message filter: counts and times every MCP request, then applies latency, hang and
/// error-rate faults before the SDK routes the request.
/// </summary>
internal static class FaultMessageFilter
{
    /// <summary>Requests that open a session: never failed by the error-rate fault, so clients can connect.</summary>
    private static readonly HashSet<string> s_handshake = [RequestMethods.Initialize, RequestMethods.ServerDiscover];

    public static McpMessageFilter Create(FaultState faults, RequestMetrics metrics) => next => async (context, ct) =>
    {
        if (context.JsonRpcMessage is not JsonRpcRequest request)
        {
            await next(context, ct);
            return;
        }
        var sw = Stopwatch.StartNew();
        try
        {
            var f = faults.Current;
            if (f.LatencyMs > 0) await Task.Delay(f.LatencyMs, ct);
            if (faults.Hangs)
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, faults.Stopping);
                await Task.Delay(Timeout.Infinite, linked.Token);
            }
            if (!s_handshake.Contains(request.Method) && faults.ShouldFail())
            {
                // The SDK turns an McpProtocolException into a JSON-RPC error response with this code and message.
                throw new McpProtocolException("Injected fault: error-rate", McpErrorCode.InternalError);
            }
            await next(context, ct);
        }
        finally
        {
            metrics.Record(request.Method, sw.Elapsed);
        }
    };
}
