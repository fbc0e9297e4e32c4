using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace McpConsole.Web.Infrastructure.DataProtection;

/// <summary>
/// Decrypts key elements written by <see cref="MasterKeyXmlEncryptor"/>. Data Protection activates it by type name with
/// the application's services, so the master key comes from DI.
/// </summary>
public sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var masterKey = services.GetService<MasterKey>() ?? throw new CryptographicException(
            "The Data Protection key ring is encrypted with a master key, but none is configured. " +
            $"Set {KeyRingProtection.ConfigurationKey} (environment variable {KeyRingProtection.EnvironmentVariable}) to the key it was encrypted with.");
        var storedId = (string?)encryptedElement.Attribute(MasterKeyXmlEncryptor.KeyIdAttribute);
        if (storedId is not null && storedId != masterKey.Id)
            throw new CryptographicException(
                $"A Data Protection key was encrypted with master key {storedId}, but this console uses master key {masterKey.Id} ({masterKey.Origin}). " +
                $"Secrets protected with that key cannot be read. Restore the original key file or set {KeyRingProtection.ConfigurationKey} to the original master key.");

        var sealedBytes = Convert.FromBase64String(encryptedElement.Value.Trim());
        if (sealedBytes.Length < MasterKeyXmlEncryptor.NonceSize + MasterKeyXmlEncryptor.TagSize)
            throw new CryptographicException("A stored Data Protection key is truncated.");
        var nonce = sealedBytes.AsSpan(0, MasterKeyXmlEncryptor.NonceSize);
        var tag = sealedBytes.AsSpan(MasterKeyXmlEncryptor.NonceSize, MasterKeyXmlEncryptor.TagSize);
        var ciphertext = sealedBytes.AsSpan(MasterKeyXmlEncryptor.NonceSize + MasterKeyXmlEncryptor.TagSize);
        var plaintext = new byte[ciphertext.Length];
        try
        {
            using var aes = new AesGcm(masterKey.Bytes, MasterKeyXmlEncryptor.TagSize);
            aes.Decrypt(nonce, ciphertext, tag, plaintext, MasterKeyXmlEncryptor.AssociatedData);
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new CryptographicException(
                $"A Data Protection key could not be decrypted with master key {masterKey.Id} ({masterKey.Origin}): it was encrypted with another master key or altered.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
