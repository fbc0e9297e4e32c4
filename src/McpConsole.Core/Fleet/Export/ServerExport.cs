using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace McpConsole.Core.Fleet.Export;

/// <summary>
/// Writes servers as client configuration files that <see cref="Import.ServerImport"/> reads back:
/// Claude Desktop / Cursor <c>mcpServers</c> and VS Code <c>servers</c>. Secrets (environment and header values, secret arguments, URL user-info and query strings) are redacted unless asked for.
/// </summary>
public static class ServerExport
{
    private static readonly JsonWriterOptions _writerOptions = new()
    {
        Indented = true,
        // The output is a downloaded file, not HTML: keep "<redacted>" and URLs readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary><c>{"mcpServers": {...}}</c>. HTTP servers get <c>"type": "http"</c> or <c>"sse"</c>; disabled ones <c>"disabled": true</c>.</summary>
    public static string ToMcpServersJson(IEnumerable<ServerDefinition> servers, ExportSecrets secrets = ExportSecrets.Redact) =>
        Write("mcpServers", servers, secrets, writeStdioType: false, writeDisabled: true);

    /// <summary><c>{"servers": {...}}</c> with an explicit <c>type</c> (stdio, http, sse) on every entry.</summary>
    public static string ToVsCodeJson(IEnumerable<ServerDefinition> servers, ExportSecrets secrets = ExportSecrets.Redact) =>
        Write("servers", servers, secrets, writeStdioType: true, writeDisabled: false);

    private static string Write(string rootKey, IEnumerable<ServerDefinition> servers, ExportSecrets secrets,
        bool writeStdioType, bool writeDisabled)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, _writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject(rootKey);
            foreach (var server in servers)
            {
                writer.WriteStartObject(server.Name);
                if (server.Transport == ServerTransport.Stdio)
                {
                    WriteStdio(writer, server, secrets, writeStdioType);
                }
                else
                {
                    WriteHttp(writer, server, secrets);
                }

                if (writeDisabled && !server.Enabled)
                {
                    writer.WriteBoolean("disabled", true);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteStdio(Utf8JsonWriter writer, ServerDefinition server, ExportSecrets secrets, bool writeType)
    {
        if (writeType)
        {
            writer.WriteString("type", "stdio");
        }

        writer.WriteString("command", server.Command);
        writer.WriteStartArray("args");
        foreach (var argument in secrets == ExportSecrets.Include ? server.Arguments : ArgumentSecrets.Redact(server))
        {
            writer.WriteStringValue(argument);
        }

        writer.WriteEndArray();
        WriteMap(writer, "env", server.Environment, secrets);
        if (server.WorkingDirectory is not null)
        {
            writer.WriteString("cwd", server.WorkingDirectory);
        }

        WriteList(writer, "envPassThrough", server.PassThroughEnvironment, writer.WriteStringValue);
        WriteList(writer, "secretArgs", ArgumentSecrets.Indexes(server), writer.WriteNumberValue);
    }

    private static void WriteHttp(Utf8JsonWriter writer, ServerDefinition server, ExportSecrets secrets)
    {
        writer.WriteString("type", server.Transport == ServerTransport.Sse ? "sse" : "http");
        writer.WriteString("url", secrets == ExportSecrets.Include ? server.Url : UrlRedaction.Redact(server.Url));
        WriteMap(writer, "headers", server.Headers, secrets);
    }

    private static void WriteList<T>(Utf8JsonWriter writer, string name, IReadOnlyList<T> values, Action<T> write)
    {
        if (values.Count == 0)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            write(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteMap(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, string> values, ExportSecrets secrets)
    {
        if (values.Count == 0)
        {
            return;
        }

        writer.WriteStartObject(name);
        foreach (var (key, value) in values)
        {
            writer.WriteString(key, secrets == ExportSecrets.Include ? value : SecretRedaction.Placeholder);
        }

        writer.WriteEndObject();
    }
}
