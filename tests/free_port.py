# Prints a port P such that P and P+1 are free on 127.0.0.1 for TCP and
# UDP right now, as the kernel hands them out (bind to port 0): vgw's
# SIP port (UDP and TCP) and its TLS port. Tests take their ports from
# here, never fixed ones: PORT=$(/usr/bin/python3 tests/free_port.py) in
# shell, free_port.pair() in Python.
import socket
import sys


def free(port):
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        s = socket.socket(socket.AF_INET, kind)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        finally:
            s.close()
    return True


def pair():
    """P such that P and P+1 are free for TCP and UDP (the kernel's)."""
    for _ in range(100):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        if port < 65535 and free(port) and free(port + 1):
            return port
    sys.exit("no free port pair")


if __name__ == "__main__":
    print(pair())
