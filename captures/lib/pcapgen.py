"""Small deterministic pcap writer for the capture scripts in captures/.

Writes classic pcap (Ethernet, IPv4) with correct IP/UDP/TCP checksums. TCP
flows keep per-direction sequence numbers, so a message split across segments
or several messages packed into one segment look exactly like a real stack's
output to Wireshark's TCP reassembly.
"""
import struct

ETH_IPV4 = 0x0800


def _csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def _ip(addr):
    return bytes(int(x) for x in addr.split("."))


class Writer:
    def __init__(self, path, start=1700000000.0):
        self.f = open(path, "wb")
        self.t = start
        self.ip_id = 1
        # magic, v2.4, thiszone, sigfigs, snaplen, Ethernet
        self.f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))

    def close(self):
        self.f.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def advance(self, seconds):
        self.t += seconds

    def _frame(self, src, dst, proto, l4):
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), self.ip_id & 0xFFFF, 0x4000,
                         64, proto, 0, _ip(src), _ip(dst))
        ip = ip[:10] + struct.pack("!H", _csum(ip)) + ip[12:]
        self.ip_id += 1
        eth = b"\x00\x15\x5d\x00\x00\x02" + b"\x00\x15\x5d\x00\x00\x01" + struct.pack("!H", ETH_IPV4)
        pkt = eth + ip + l4
        sec = int(self.t)
        usec = int(round((self.t - sec) * 1e6))
        self.f.write(struct.pack("<IIII", sec, usec, len(pkt), len(pkt)) + pkt)
        self.t += 0.001

    def udp(self, src, sport, dst, dport, payload):
        l4 = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
        pseudo = _ip(src) + _ip(dst) + struct.pack("!BBH", 0, 17, len(l4))
        c = _csum(pseudo + l4) or 0xFFFF
        self._frame(src, dst, 17, l4[:6] + struct.pack("!H", c) + l4[8:])

    def udp_dialog(self, client, cport, server, sport, msgs, gap=0.1):
        """msgs: (side, payload) pairs, side "c" from client to server, else back; gap s apart."""
        for side, payload in msgs:
            if side == "c":
                self.udp(client, cport, server, sport, payload)
            else:
                self.udp(server, sport, client, cport, payload)
            self.advance(gap)

    def tcp_raw(self, src, sport, dst, dport, seq, ack, flags, payload=b"", window=64240):
        hdr = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF,
                          5 << 4, flags, window, 0, 0)
        l4 = hdr + payload
        pseudo = _ip(src) + _ip(dst) + struct.pack("!BBH", 0, 6, len(l4))
        c = _csum(pseudo + l4)
        self._frame(src, dst, 6, l4[:16] + struct.pack("!H", c) + l4[18:])


FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10


class TcpFlow:
    """A TCP connection between a client and a server with a handshake."""

    def __init__(self, w, client, cport, server, sport, isn_c=1000, isn_s=5000):
        self.w = w
        self.ends = {"c": (client, cport), "s": (server, sport)}
        self.seq = {"c": isn_c, "s": isn_s}
        w.tcp_raw(client, cport, server, sport, self.seq["c"], 0, SYN)
        w.tcp_raw(server, sport, client, cport, self.seq["s"], self.seq["c"] + 1, SYN | ACK)
        self.seq["c"] += 1
        self.seq["s"] += 1
        w.tcp_raw(client, cport, server, sport, self.seq["c"], self.seq["s"], ACK)

    def send(self, side, data, segments=None):
        """Sends data from side 'c' or 's', optionally cut at the given byte offsets."""
        other = "s" if side == "c" else "c"
        (a, ap), (b, bp) = self.ends[side], self.ends[other]
        cuts = [0] + list(segments or []) + [len(data)]
        for i in range(len(cuts) - 1):
            chunk = data[cuts[i]:cuts[i + 1]]
            self.w.tcp_raw(a, ap, b, bp, self.seq[side], self.seq[other], PSH | ACK, chunk)
            self.seq[side] += len(chunk)

    def close(self):
        (a, ap), (b, bp) = self.ends["c"], self.ends["s"]
        self.w.tcp_raw(a, ap, b, bp, self.seq["c"], self.seq["s"], FIN | ACK)
        self.seq["c"] += 1
        self.w.tcp_raw(b, bp, a, ap, self.seq["s"], self.seq["c"], FIN | ACK)
        self.seq["s"] += 1
        self.w.tcp_raw(a, ap, b, bp, self.seq["c"], self.seq["s"], ACK)


def sip(start_line, headers, body=b""):
    """A SIP message with CRLF line ends and a correct Content-Length."""
    if isinstance(body, str):
        body = body.encode()
    lines = [start_line] + [h for h in headers] + ["Content-Length: %d" % len(body)]
    head = "\r\n".join(lines) + "\r\n\r\n"
    return head.encode("utf-8", "surrogateescape") + body
