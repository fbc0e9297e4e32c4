namespace McpConsole.SampleServer.Faults;

/// <summary>Holds a given amount of memory, written to so the pages are resident.</summary>
internal sealed class MemoryHolder
{
    private const int ChunkBytes = 1024 * 1024;
    private List<byte[]> _chunks = [];

    public void Set(int megabytes)
    {
        if (megabytes == _chunks.Count) return;
        var chunks = _chunks.Take(megabytes).ToList();
        while (chunks.Count < megabytes)
        {
            var chunk = GC.AllocateUninitializedArray<byte>(ChunkBytes);
            Array.Fill(chunk, (byte)0xA5);
            chunks.Add(chunk);
        }
        var shrunk = chunks.Count < _chunks.Count;
        _chunks = chunks;
        if (shrunk) GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
