using System.Buffers.Binary;

namespace Weft.Bench.Measuring;

/// <summary>
/// Counts the write transactions committed to a SQLite database in WAL mode, from any process, by reading the
/// wal-index header in its <c>-shm</c> file: the header's <c>iChange</c> field (bytes 8–11, native byte order) is
/// incremented by every commit that writes to the WAL, and each such commit is one fsync with synchronous=FULL.
/// The header is kept twice (bytes 0–47 and 48–95); a reading is taken when both copies agree.
/// </summary>
public sealed class SqliteCommitCounter(string databasePath) : CommitCounter
{
    private const int HeaderSize = 48;
    private const int ChangeOffset = 8;

    public override async Task<Func<Task<long?>>> StartAsync()
    {
        var before = await ReadAsync();
        return async () => before is { } b && await ReadAsync() is { } a ? (uint)(a - b) : null;
    }

    private async Task<uint?> ReadAsync()
    {
        var shm = databasePath + "-shm";
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (!File.Exists(shm))
            {
                return null;
            }

            var header = new byte[2 * HeaderSize];
            await using (var file = new FileStream(shm, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                if (await file.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false) < header.Length)
                {
                    return null;
                }
            }

            if (header.AsSpan(0, HeaderSize).SequenceEqual(header.AsSpan(HeaderSize, HeaderSize)))
            {
                return BitConverter.IsLittleEndian
                    ? BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(ChangeOffset))
                    : BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(ChangeOffset));
            }

            await Task.Delay(1); // a commit was writing the header
        }

        return null;
    }
}
