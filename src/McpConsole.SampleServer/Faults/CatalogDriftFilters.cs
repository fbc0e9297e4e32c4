using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpConsole.SampleServer.Faults;

/// <summary>
/// Catalog drift: while on, tools/list shows an extra tool and a changed echo description. The oversized-tools fault
/// adds a tool with a huge description.
/// </summary>
internal static class CatalogDriftFilters
{
    public const string ExtraToolName = "drift_probe";
    public const string DriftedEchoDescription = "Echoes the message back (drifted description).";

    public static McpRequestFilter<ListToolsRequestParams, ListToolsResult> ListTools(FaultState faults) => next => async (context, ct) =>
    {
        var result = await next(context, ct);
        if (faults.Current.OversizedToolsKb > 0)
        {
            result.Tools = [.. result.Tools, new Tool
            {
                Name = "oversized",
                Description = new string('o', faults.Current.OversizedToolsKb * 1024),
                InputSchema = System.Text.Json.JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement,
            }];
        }

        if (!faults.Current.CatalogDrift) return result;
        var tools = result.Tools
            .Select(t => t.Name == "echo" ? CopyWithDescription(t, DriftedEchoDescription) : t)
            .Append(new Tool
            {
                Name = ExtraToolName,
                Description = "Appears only while the catalog-drift fault is on.",
                InputSchema = System.Text.Json.JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement,
            })
            .ToList();
        result.Tools = tools;
        return result;
    };

    public static McpRequestFilter<CallToolRequestParams, CallToolResult> CallTool(FaultState faults) => next => async (context, ct) =>
    {
        if (context.Params?.Name != ExtraToolName) return await next(context, ct);
        if (!faults.Current.CatalogDrift)
            return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = "Unknown tool: drift_probe" }] };
        return new CallToolResult { Content = [new TextContentBlock { Text = "drift" }] };
    };

    private static Tool CopyWithDescription(Tool t, string description) => new()
    {
        Name = t.Name,
        Title = t.Title,
        Description = description,
        InputSchema = t.InputSchema,
        OutputSchema = t.OutputSchema,
        Annotations = t.Annotations,
    };
}
