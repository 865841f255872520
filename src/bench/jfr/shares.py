import subprocess, sys, re, collections
# Usage: shares.py file.jfr -- the share of Java execution samples whose stack contains each cost centre below,
# the top self frames, and the samples per thread (see docs/PERFORMANCE.md, "Where the time goes").
f = sys.argv[1]
out = subprocess.run(['jfr', 'print', '--events', 'jdk.ExecutionSample,jdk.NativeMethodSample', f], capture_output=True, text=True).stdout
samples = []
cur = None
for line in out.splitlines():
    s = line.strip()
    if s.startswith('jdk.ExecutionSample') or s.startswith('jdk.NativeMethodSample'):
        cur = {'kind': 'java' if 'Execution' in s else 'native', 'frames': [], 'thread': ''}
        samples.append(cur)
    elif cur is not None and s.startswith('sampledThread'):
        cur['thread'] = re.sub(r'\s*\(javaThreadId.*', '', s.split('=', 1)[1].strip()).strip('"')
    elif cur is not None and re.match(r'^[\w$.<>]+\(.*\)\s+line:', s):
        cur['frames'].append(re.sub(r'\s+line:.*', '', s))
java = [x for x in samples if x['kind'] == 'java' and x['frames']]
n = len(java)
print(f"{f}: {n} Java execution samples, {len(samples) - n} native-method samples")
cats = collections.OrderedDict([
    ('async send completion dispatched to an executor (Tomcat clearHandler/OnResultRunnable)', r'clearHandler|OnResultRunnable|ThreadPoolExecutor\.execute'),
    ('thread wake-ups (LockSupport.unpark)', r'LockSupport\.unpark'),
    ('UTF-8 encoding of outgoing text (Tomcat)', r'Utf8Encoder|CharsetEncoder\.encode'),
    ('socket writes (writev/write)', r'SocketDispatcher\.write|IOUtil\.write'),
    ('reading and decoding frames (Tomcat WsFrameBase)', r'WsFrameBase\.|WsFrameServer\.onDataAvailable'),
    ("Switchboard's own code (io.switchboard.*)", r'^io\.switchboard\.'),
    ('JSON (Yasson/Parsson)', r'yasson|parsson|eclipse\.parsson|glassfish\.json'),
])
for name, rx in cats.items():
    c = sum(1 for x in java if any(re.search(rx, fr) for fr in x['frames']))
    print(f"  {100.0 * c / max(n, 1):5.1f} %  {name}")
print("  top self frames:")
top = collections.Counter(x['frames'][0] for x in java)
for fr, c in top.most_common(12):
    print(f"  {100.0 * c / n:5.1f} %  {fr}")
threads = collections.Counter(re.sub(r'-\d+$', '-N', x['thread']) for x in java)
print("  samples by thread: " + ", ".join(f"{t} {c}" for t, c in threads.most_common(6)))
