// The conformance kit's child program on Windows, compiled by WindowsCommands with the .NET
// Framework's csc.exe on first use. One verb per behaviour; output is UTF-8 with \n line ends.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

public static class TckHelper {
    delegate bool CtrlHandler(uint ctrlType);

    [DllImport("kernel32.dll", SetLastError = true)]
    static extern bool SetConsoleCtrlHandler(CtrlHandler handler, bool add);
    [DllImport("kernel32.dll", SetLastError = true)]
    static extern IntPtr GetStdHandle(int which);
    [DllImport("kernel32.dll", SetLastError = true)]
    static extern bool CloseHandle(IntPtr handle);
    [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    static extern IntPtr CreateFileW(string name, uint access, uint share, IntPtr sa, uint disposition, uint flags,
        IntPtr template);
    [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    static extern uint GetFinalPathNameByHandleW(IntPtr handle, StringBuilder buffer, uint size, uint flags);

    const uint CTRL_C = 0, CTRL_BREAK = 1;
    static CtrlHandler keep; // the delegate must outlive the registration
    static readonly Encoding Utf8 = new UTF8Encoding(false);
    static readonly Stream Out = Console.OpenStandardOutput();
    static readonly Stream Err = Console.OpenStandardError();

    static void Write(Stream s, string text) {
        byte[] bytes = Utf8.GetBytes(text);
        s.Write(bytes, 0, bytes.Length);
        s.Flush();
    }

    static string Self() { return Process.GetCurrentProcess().MainModule.FileName; }

    static Process Start(string args, bool keepStdout) {
        var info = new ProcessStartInfo(Self(), args) { UseShellExecute = false };
        if (!keepStdout) {
            info.RedirectStandardOutput = true;
            info.RedirectStandardError = true;
        }
        return Process.Start(info);
    }

    static void SleepForever() { Thread.Sleep(Timeout.Infinite); }

    static string RealPath(string dir) {
        IntPtr h = CreateFileW(dir, 0, 7, IntPtr.Zero, 3, 0x02000000, IntPtr.Zero);
        if (h == new IntPtr(-1)) return dir;
        var buffer = new StringBuilder(32768);
        uint n = GetFinalPathNameByHandleW(h, buffer, (uint) buffer.Capacity, 0);
        CloseHandle(h);
        string s = n > 0 ? buffer.ToString() : dir;
        if (s.StartsWith(@"\\?\UNC\")) return @"\\" + s.Substring(8);
        if (s.StartsWith(@"\\?\")) return s.Substring(4);
        return s;
    }

    public static int Main(string[] args) {
        string verb = args.Length > 0 ? args[0] : "";
        string[] rest = new string[Math.Max(0, args.Length - 1)];
        Array.Copy(args, 1, rest, 0, rest.Length);
        switch (verb) {
            case "sleep": SleepForever(); return 0;
            case "exit": return int.Parse(rest[0]);
            case "args": foreach (string a in rest) Write(Out, a + "\0"); return 0;
            case "echo-args": Write(Out, string.Join(" ", rest) + "\n"); return 0;
            case "env":
                foreach (DictionaryEntry e in Environment.GetEnvironmentVariables()) Write(Out, e.Key + "=" + e.Value + "\n");
                return 0;
            case "cwd": Write(Out, RealPath(Directory.GetCurrentDirectory()) + "\n"); return 0;
            case "echo": Write(Out, rest[0]); Write(Err, rest[1]); return int.Parse(rest[2]);
            case "interleaved": Write(Out, "1\n"); Write(Err, "2\n"); Write(Out, "3\n"); Write(Err, "4\n"); return 0;
            case "stdin": {
                long n = 0; var buffer = new byte[65536]; int r;
                Stream input = Console.OpenStandardInput();
                while ((r = input.Read(buffer, 0, buffer.Length)) > 0) n += r;
                Write(Out, n + "\n");
                return 0;
            }
            case "big": {
                int n = int.Parse(rest[0]);
                var zeros = new byte[65536];
                while (n > 0) { int c = Math.Min(n, zeros.Length); Out.Write(zeros, 0, c); n -= c; }
                Out.Flush();
                return 0;
            }
            case "late": Start("late-child \"" + rest[0] + "\"", true); Write(Out, "early\n"); return 0;
            case "late-child":
                while (!File.Exists(rest[0])) Thread.Sleep(20);
                Write(Out, "late\n");
                return 0;
            case "trap": {
                int code = int.Parse(rest[0]);
                keep = ctrl => {
                    if (ctrl != CTRL_BREAK && ctrl != CTRL_C) return false;
                    Write(Out, "got-TERM\n");
                    Environment.Exit(code);
                    return true;
                };
                SetConsoleCtrlHandler(keep, true);
                Write(Out, "ready\n");
                SleepForever();
                return 0;
            }
            case "ignore":
                keep = ctrl => ctrl == CTRL_BREAK || ctrl == CTRL_C;
                SetConsoleCtrlHandler(keep, true);
                Write(Out, "ready\n");
                SleepForever();
                return 0;
            case "tree": {
                int n = int.Parse(rest[0]);
                for (int i = 0; i < n; i++) Write(Out, Start("sleep", false).Id + "\n");
                SleepForever();
                return 0;
            }
            case "nested": Write(Out, Start("tree 1", true).Id + "\n"); SleepForever(); return 0;
            case "daemon": {
                Process middle = Start("spawn-and-exit", true);
                middle.WaitForExit();
                Write(Out, "ready\n");
                SleepForever();
                return 0;
            }
            case "spawn-and-exit": Write(Out, Start("sleep", false).Id + "\n"); return 0;
            case "leave": Write(Out, Start("sleep", false).Id + "\n"); return 0;
            case "busy": Start("spin", false); SleepForever(); return 0;
            case "spin": for (;;) { }
            case "procs": {
                int n = int.Parse(rest[0]);
                try {
                    for (int i = 0; i < n; i++) Start("plus-sleep", true);
                } catch (System.ComponentModel.Win32Exception) {
                    // the job's process limit: stop at the first that cannot start
                }
                Write(Out, "done\n");
                return 0;
            }
            case "plus-sleep":
                Write(Out, "+\n");
                // Let go of the master's pipe so it can see the end of the stream.
                CloseHandle(GetStdHandle(-11));
                CloseHandle(GetStdHandle(-12));
                SleepForever();
                return 0;
            case "alloc": {
                long total = long.Parse(rest[0]);
                var kept = new List<byte[]>();
                try {
                    for (long done = 0; done < total; done += 16 << 20) {
                        var chunk = new byte[16 << 20];
                        for (int i = 0; i < chunk.Length; i += 4096) chunk[i] = 1;
                        kept.Add(chunk);
                    }
                } catch (OutOfMemoryException) {
                    return 3;
                }
                return 0;
            }
            case "crash": Environment.FailFast("hsu conformance kit: crash on purpose"); return 0;
            default: Write(Err, "unknown verb '" + verb + "'\n"); return 64;
        }
    }
}
