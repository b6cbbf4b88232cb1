using System.Security.Cryptography;
using System.Text;

namespace Weft.Server.Auth;

/// <summary>
/// The configured keys, kept as SHA-256 hashes. A presented key is hashed and compared with every stored hash in
/// constant time, so neither its length nor how much of it is right shows in the time the answer takes.
/// </summary>
internal sealed class ApiKeyRing
{
    private readonly (byte[] Hash, ApiScope Scope)[] _keys;

    public ApiKeyRing(IEnumerable<ApiKey> keys)
    {
        _keys = [.. keys.Select(k => (Hash(k.Key), k.Scope))];
        var hashes = _keys.Select(k => Convert.ToHexString(k.Hash)).ToList();
        if (hashes.Distinct(StringComparer.Ordinal).Count() != hashes.Count)
        {
            throw new ArgumentException("The same API key is given twice; give each key once, with one scope.", nameof(keys));
        }
    }

    public bool IsEmpty => _keys.Length == 0;

    /// <summary>The scope of <paramref name="presented"/>, or null when it is not a configured key.</summary>
    public ApiScope? Find(string presented)
    {
        var hash = Hash(presented);
        ApiScope? found = null;
        foreach (var (stored, scope) in _keys)
        {
            // Every key is compared, also after a match.
            if (CryptographicOperations.FixedTimeEquals(hash, stored))
            {
                found = scope;
            }
        }

        return found;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
