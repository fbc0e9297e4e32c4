using System.Security.Cryptography;

namespace McpConsole.Web.Infrastructure.DataProtection;

/// <summary>
/// The 256-bit key that encrypts the Data Protection key ring before it is stored in the database. It never lives in
/// the database: it comes from configuration or, in SQLite mode, from an owner-only file in the data directory.
/// </summary>
public sealed class MasterKey
{
    public const int Length = 32;

    private readonly byte[] _bytes;

    private MasterKey(byte[] bytes, string origin)
    {
        _bytes = bytes;
        Origin = origin;
        Id = Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8));
    }

    /// <summary>A fingerprint that names the key without revealing it (first 8 bytes of its SHA-256).</summary>
    public string Id { get; }

    /// <summary>Where the key came from, for the start-up log ("configuration" or the key file's path).</summary>
    public string Origin { get; }

    internal ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Parses the base64 form used both in configuration and in the key file.</summary>
    public static MasterKey Parse(string base64, string origin)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new MasterKeyException($"The Data Protection master key from {origin} is not valid base64 (expected {Length} random bytes, e.g. `openssl rand -base64 32`).");
        }
        if (bytes.Length != Length)
            throw new MasterKeyException($"The Data Protection master key from {origin} is {bytes.Length} bytes long; it must be {Length} bytes (e.g. `openssl rand -base64 32`).");
        return new MasterKey(bytes, origin);
    }

    /// <summary>Reads the key file, creating it with owner-only permissions (0600) on first start.</summary>
    public static MasterKey FromFile(string path)
    {
        if (!File.Exists(path))
            CreateFile(path);
        return Parse(File.ReadAllText(path), path);
    }

    private static void CreateFile(string path)
    {
        var text = Convert.ToBase64String(RandomNumberGenerator.GetBytes(Length)) + "\n";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.Write(text);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Created by someone else meanwhile: read theirs.
        }
    }
}

public sealed class MasterKeyException(string message) : Exception(message);
