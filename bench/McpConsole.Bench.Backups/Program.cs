using System.Diagnostics;
using McpConsole.Web.Features.Backups;
using McpConsole.Web.Features.Backups.Sources;
using McpConsole.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Builds a SQLite database of the given size (default 1024 MiB) as the console's database, then measures:
// a plain File.Copy of it (the physical limit on this disk), and a console backup (online backup API snapshot,
// tar with SHA-256 of every byte, commit) followed by its verification (re-read + hashes + extract + integrity_check).
var sizeMiB = args.Length > 0 ? int.Parse(args[0]) : 1024;
var root = Path.Combine(Path.GetTempPath(), $"mcpconsole-bench-backups-{Guid.NewGuid().ToString("N")[..8]}");
Directory.CreateDirectory(root);
try
{
    using var data = DataDirectory.Acquire(Path.Combine(root, "data"));
    var dbPath = data.File("console.db");
    Fill(dbPath, sizeMiB);
    var bytes = new FileInfo(dbPath).Length;
    var mb = bytes / 1_000_000.0;
    Console.WriteLine($"database: {bytes:N0} bytes");

    var sw = Stopwatch.StartNew();
    File.Copy(dbPath, Path.Combine(root, "plain-copy.db"));
    using (var f = new FileStream(Path.Combine(root, "plain-copy.db"), FileMode.Open)) f.Flush(flushToDisk: true);
    var copy = sw.Elapsed;
    File.Delete(Path.Combine(root, "plain-copy.db"));

    var options = Options.Create(new BackupOptions { Directory = Path.Combine(root, "backups") });
    var store = new BackupStore(options, data, NullLogger<BackupStore>.Instance);
    var postgres = new PostgresTools(options, NullLogger<PostgresTools>.Instance);
    var verifier = new BackupVerifier(store, postgres, null!, TimeProvider.System, NullLogger<BackupVerifier>.Instance);
    var runner = new BackupRunner(store, verifier, new ConsoleDatabaseCapture(data), postgres, TimeProvider.System, NullLogger<BackupRunner>.Instance);

    sw.Restart();
    var backup = await runner.RunAsync(SourceCatalog.ConsoleDatabase, null, false, _ => { }, CancellationToken.None);
    var backupAndVerify = sw.Elapsed;
    sw.Restart();
    var state = await verifier.VerifyAsync(backup.Id, _ => { }, CancellationToken.None);
    var verifyOnly = sw.Elapsed;
    if (state?.Status != BackupStatus.Verified)
        throw new InvalidOperationException("the benchmark backup did not verify: " + string.Join("; ", state?.Problems ?? []));

    Console.WriteLine($"plain copy:          {copy.TotalSeconds,7:0.00} s  {mb / copy.TotalSeconds,7:0} MB/s");
    Console.WriteLine($"backup + verify:     {backupAndVerify.TotalSeconds,7:0.00} s  {mb / backupAndVerify.TotalSeconds,7:0} MB/s");
    Console.WriteLine($"verify alone:        {verifyOnly.TotalSeconds,7:0.00} s  {mb / verifyOnly.TotalSeconds,7:0} MB/s");
    Console.WriteLine($"archive: {backup.ArchiveSize:N0} bytes, status {state.Status}");
}
finally
{
    SqliteConnection.ClearAllPools();
    Directory.Delete(root, recursive: true);
}

static void Fill(string path, int sizeMiB)
{
    using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
    connection.Open();
    using (var pragma = connection.CreateCommand())
    {
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; CREATE TABLE samples (id INTEGER PRIMARY KEY, server INTEGER, at INTEGER, payload BLOB);";
        pragma.ExecuteNonQuery();
    }
    var random = new Random(42);
    var payload = new byte[4000];
    var rows = sizeMiB * 1024L * 1024 / 4100;
    using var tx = connection.BeginTransaction();
    using var insert = connection.CreateCommand();
    insert.CommandText = "INSERT INTO samples (server, at, payload) VALUES ($s, $t, $p)";
    var s = insert.Parameters.Add("$s", SqliteType.Integer);
    var t = insert.Parameters.Add("$t", SqliteType.Integer);
    var p = insert.Parameters.Add("$p", SqliteType.Blob);
    for (var i = 0; i < rows; i++)
    {
        random.NextBytes(payload);
        s.Value = i % 50;
        t.Value = i;
        p.Value = payload;
        insert.ExecuteNonQuery();
    }
    tx.Commit();
    using var checkpoint = connection.CreateCommand();
    checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
    checkpoint.ExecuteNonQuery();
}
