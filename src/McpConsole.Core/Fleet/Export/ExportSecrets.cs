namespace McpConsole.Core.Fleet.Export;

/// <summary>Whether an export writes environment and header values, or "&lt;redacted&gt;" in their place.</summary>
public enum ExportSecrets
{
    /// <summary>The default: values replaced by <see cref="SecretRedaction.Placeholder"/>; names are kept.</summary>
    Redact,

    /// <summary>Values written in clear. Only for an administrator who asked for it.</summary>
    Include,
}
