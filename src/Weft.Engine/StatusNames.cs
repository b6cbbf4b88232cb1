using System.Collections.Frozen;
using System.Text.Json;

namespace Weft.Engine;

/// <summary>
/// How statuses are spelled outside the engine: <see cref="Api{T}"/> as the REST API, events and metrics write them
/// (<c>ACTIVE</c>, <c>UNLOCKED</c>), <see cref="Word{T}"/> as an event kind (<c>completed</c>). Each name is computed
/// once per value: events name a status on every change.
/// </summary>
public static class StatusNames
{
    public static string Api<T>(T status)
        where T : struct, Enum => Names<T>.Api[status];

    public static string Word<T>(T status)
        where T : struct, Enum => Names<T>.Word[status];

    private static class Names<T>
        where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> Api =
            Enum.GetValues<T>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.SnakeCaseUpper.ConvertName(v.ToString()));

        public static readonly FrozenDictionary<T, string> Word =
            Enum.GetValues<T>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.CamelCase.ConvertName(v.ToString()));
    }
}
