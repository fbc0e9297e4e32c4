using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace McpConsole.Web.Infrastructure.DataProtection;

/// <summary>
/// Encrypts each Data Protection key element with the master key (AES-256-GCM) before it is written to the database.
/// Stored as &lt;encryptedKey masterKeyId="…"&gt;base64(nonce | tag | ciphertext)&lt;/encryptedKey&gt;.
/// </summary>
public sealed class MasterKeyXmlEncryptor(MasterKey masterKey) : IXmlEncryptor
{
    internal const string ElementName = "encryptedKey";
    internal const string KeyIdAttribute = "masterKeyId";
    internal const int NonceSize = 12;
    internal const int TagSize = 16;
    internal static readonly byte[] AssociatedData = Encoding.UTF8.GetBytes("McpConsole.DataProtection.KeyRing.v1");

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(masterKey.Bytes, TagSize))
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), AssociatedData);
        CryptographicOperations.ZeroMemory(plaintext);
        var element = new XElement(ElementName,
            new XAttribute(KeyIdAttribute, masterKey.Id),
            new XComment(" Encrypted with the McpConsole Data Protection master key (AES-256-GCM). "),
            Convert.ToBase64String(sealedBytes));
        return new EncryptedXmlInfo(element, typeof(MasterKeyXmlDecryptor));
    }
}
