using System.Runtime.InteropServices;
using System.Text;

namespace SacOperator.Processes;

/// <summary>
/// Starts processes with <c>posix_spawn</c> and <c>POSIX_SPAWN_SETSID</c>: each child leads its
/// own session and process group (Ctrl-C on the operator does not reach it), its streams are
/// files (it cannot die of SIGPIPE when the operator goes away), and its signal mask and
/// dispositions are reset (the .NET runtime ignores SIGPIPE, which children would otherwise inherit).
/// Children must be reaped by whoever watches them (<see cref="ProcessExitWatcher"/>).
/// </summary>
public static unsafe class ProcessSpawner
{
    private static readonly bool HasChdirAction = NativeLibrary.TryGetExport(
        NativeLibrary.Load("libc.so.6"), "posix_spawn_file_actions_addchdir_np", out _);

    private static readonly bool HasCloseFromAction = NativeLibrary.TryGetExport(
        NativeLibrary.Load("libc.so.6"), "posix_spawn_file_actions_addclosefrom_np", out _);

    public static ProcessHandle Spawn(SpawnRequest request)
    {
        var argv = request.Arguments.ToList();
        if (argv.Count == 0)
        {
            throw new SpawnException("empty command");
        }

        if (request.WorkingDirectory is { } dir && !HasChdirAction)
        {
            // glibc < 2.29 lacks the chdir file action: change directory in a tiny shell that
            // receives the directory and argv as positional parameters (never spliced into the script).
            argv = ["/bin/sh", "-c", "cd \"$1\" && shift && exec \"$@\"", "sh", dir, .. argv];
        }

        var program = Resolve(argv[0], request.Environment, request.WorkingDirectory);
        if (request.Cgroup is { } cgroup)
        {
            // posix_spawn cannot place the child in a cgroup and moving it afterwards races with its
            // first fork: the child moves itself ("0" is the writer) and then execs the program with
            // the same argv, so the agent's pid and command line are what they would be without it.
            // A cgroup it cannot enter is not fatal: the process group and launch marker remain.
            argv = ["/bin/sh", "-c", "echo 0 2>/dev/null >\"$1\"; shift; exec \"$@\"", "sh", Path.Combine(cgroup, "cgroup.procs"), .. argv];
            program = "/bin/sh";
        }

        var allocations = new List<nint>();
        var fileActions = NativeMemory.AllocZeroed(LibC.OpaqueSize);
        var attributes = NativeMemory.AllocZeroed(LibC.OpaqueSize);
        var sigset = NativeMemory.AllocZeroed(LibC.OpaqueSize);
        try
        {
            Check(LibC.posix_spawn_file_actions_init(fileActions), "posix_spawn_file_actions_init");
            Check(LibC.posix_spawnattr_init(attributes), "posix_spawnattr_init");
            if (request.StdinPath is { } stdin)
            {
                Check(LibC.posix_spawn_file_actions_addopen(fileActions, 0, Utf8(stdin, allocations), LibC.O_RDWR, 0), "stdin");
            }
            else
            {
                Check(LibC.posix_spawn_file_actions_addopen(fileActions, 0, Utf8("/dev/null", allocations), LibC.O_RDONLY, 0), "stdin");
            }

            // Output files are created 0600 (the umask can only narrow that): they hold what the agent says.
            const int output = LibC.O_WRONLY | LibC.O_CREAT | LibC.O_APPEND;
            const uint ownerOnly = (uint)PrivateFiles.OwnerOnlyFile;
            Check(LibC.posix_spawn_file_actions_addopen(fileActions, 1, Utf8(request.StdoutPath, allocations), output, ownerOnly), "stdout");
            Check(LibC.posix_spawn_file_actions_addopen(fileActions, 2, Utf8(request.StderrPath, allocations), output, ownerOnly), "stderr");
            if (HasCloseFromAction)
            {
                // Nothing of the operator leaks into an agent: not every runtime fd is close-on-exec.
                Check(LibC.posix_spawn_file_actions_addclosefrom_np(fileActions, 3), "closefrom");
            }

            if (request.WorkingDirectory is { } cwd && HasChdirAction)
            {
                Check(LibC.posix_spawn_file_actions_addchdir_np(fileActions, Utf8(cwd, allocations)), "chdir");
            }

            LibC.sigemptyset(sigset);
            Check(LibC.posix_spawnattr_setsigmask(attributes, sigset), "setsigmask");
            LibC.sigfillset(sigset);
            Check(LibC.posix_spawnattr_setsigdefault(attributes, sigset), "setsigdefault");
            Check(LibC.posix_spawnattr_setflags(attributes,
                LibC.POSIX_SPAWN_SETSID | LibC.POSIX_SPAWN_SETSIGMASK | LibC.POSIX_SPAWN_SETSIGDEF), "setflags");

            var argvPtr = StringArray(argv, allocations);
            var envPtr = StringArray(request.Environment.Select(kv => $"{kv.Key}={kv.Value}").ToList(), allocations);
            var rc = LibC.posix_spawn(out var pid, Utf8(program, allocations), fileActions, attributes, argvPtr, envPtr);
            if (rc != 0)
            {
                throw new SpawnException($"cannot start '{argv[0]}': {LibC.Describe(rc)}");
            }

            // A child that already exited is a zombie until reaped, so its stat is still readable.
            var stat = ProcStat.Read(pid) ?? throw new SpawnException($"started '{argv[0]}' as pid {pid} but cannot read /proc/{pid}/stat");
            return new ProcessHandle(pid, stat.StartTicks);
        }
        finally
        {
            LibC.posix_spawn_file_actions_destroy(fileActions);
            LibC.posix_spawnattr_destroy(attributes);
            NativeMemory.Free(fileActions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(sigset);
            foreach (var p in allocations)
            {
                NativeMemory.Free((void*)p);
            }
        }
    }

    /// <summary>Finds <paramref name="program"/> on the child's PATH (not the operator's), as execvp would.</summary>
    public static string Resolve(string program, IReadOnlyDictionary<string, string> environment, string? workingDirectory)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.IsPathRooted(program) ? program : Path.Combine(workingDirectory ?? Environment.CurrentDirectory, program);
            return File.Exists(full) ? program : throw new SpawnException($"cannot start '{program}': no such file");
        }

        var path = environment.TryGetValue("PATH", out var p) ? p : "/usr/local/bin:/usr/bin:/bin";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }

        throw new SpawnException($"cannot start '{program}': not found on PATH ({path})");
    }

    private static byte* Utf8(string value, List<nint> allocations)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        var buffer = (byte*)NativeMemory.Alloc((nuint)bytes + 1);
        allocations.Add((nint)buffer);
        Encoding.UTF8.GetBytes(value, new Span<byte>(buffer, bytes));
        buffer[bytes] = 0;
        return buffer;
    }

    private static byte** StringArray(IReadOnlyList<string> values, List<nint> allocations)
    {
        var array = (byte**)NativeMemory.Alloc((nuint)((values.Count + 1) * sizeof(nint)));
        allocations.Add((nint)array);
        for (var i = 0; i < values.Count; i++)
        {
            array[i] = Utf8(values[i], allocations);
        }

        array[values.Count] = null;
        return array;
    }

    private static void Check(int rc, string what)
    {
        if (rc != 0)
        {
            throw new SpawnException($"{what} failed: {LibC.Describe(rc)}");
        }
    }
}
