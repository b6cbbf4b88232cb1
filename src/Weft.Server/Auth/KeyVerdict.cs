namespace Weft.Server.Auth;

/// <summary>What a request's <c>Authorization</c> header says: no key, a wrong key, or a key of a scope.</summary>
internal enum KeyVerdict
{
    Missing,
    Wrong,
    Admin,
    Worker,
}
