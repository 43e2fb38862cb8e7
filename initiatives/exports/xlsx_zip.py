"""The XLSX file's package: each part deflated as it is written, and the zip file that holds them.

Each sheet's XML is deflated as it is written, in a thread of its own (`Deflating`), into a
temporary file per sheet; closing the workbook puts them in the zip file (`write_zip`). It is
deflated by ISA-L (python-isal), which lets go of the interpreter while it compresses, so that
runs on a second core while the next rows are made, and at level 1 takes a quarter of zlib's
time for a file a twentieth smaller. The zip file is written by hand, ZIP64 where it needs it.
"""

import io
import shutil
import struct
import threading
from queue import Queue

from isal import isal_zlib

#: ISA-L's levels go from 0 to 3; higher ones make the file hardly smaller here, and take longer.
COMPRESSION_LEVEL = 1


class Deflated:
    """The data of a zip entry, deflated as it is written into `file`, with its size and checksum."""

    def __init__(self, file):
        self.file = file
        self.deflater = isal_zlib.compressobj(COMPRESSION_LEVEL, isal_zlib.DEFLATED, -isal_zlib.MAX_WBITS)
        self.crc = 0
        self.size = 0

    @classmethod
    def of(cls, text):
        data = cls(io.BytesIO())
        data.write(text.encode())
        data.finish()
        return data

    def write(self, data):
        self.crc = isal_zlib.crc32(data, self.crc)
        self.size += len(data)
        self.file.write(self.deflater.compress(data))

    def finish(self):
        self.file.write(self.deflater.flush())
        self.compressed_size = self.file.tell()
        self.file.seek(0)


class Deflating:
    """A thread that deflates what the sheets write, in the order written, while rows are made."""

    def __init__(self):
        self.queue = Queue(maxsize=16)
        self.failure = None
        self.thread = threading.Thread(target=self._run, name="xlsx-deflate", daemon=True)
        self.thread.start()

    def put(self, data, chunk):
        if self.failure is not None:
            raise self.failure
        self.queue.put((data, chunk))

    def close(self):
        """Wait until what was written is deflated (at once if it was closed before)."""
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()
        if self.failure is not None:
            raise self.failure

    def _run(self):
        while (item := self.queue.get()) is not None:
            if self.failure is None:
                try:
                    data, chunk = item
                    data.write(chunk)
                except BaseException as error:  # raised in the writing thread, at its next put
                    self.failure = error


#: Zip record layouts (APPNOTE.TXT): local file header, central directory header, end records.
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
_CENTRAL_HEADER = struct.Struct("<4sHHHHHHIIIHHHHHII")
_END = struct.Struct("<4sHHHHIIH")
_ZIP64_END = struct.Struct("<4sQHHIIQQQQ")
_ZIP64_LOCATOR = struct.Struct("<4sIQI")
#: From this size or offset on, a zip file gives it in a ZIP64 field: as `_NOT_HERE` in its own.
_ZIP64_LIMIT = _NOT_HERE = 0xFFFFFFFF
_VERSION, _ZIP64_VERSION = 20, 45  # the version of the zip format needed to read an entry
_DEFLATED = 8
#: 1980-01-01 00:00, the earliest time a zip file can give (XlsxWriter gives it too).
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1


def write_zip(file, entries):
    """Write a zip file of `entries`, (name, `Deflated`) pairs, into `file`; ZIP64 where needed.

    A size or offset that does not fit in its field is given as 0xFFFFFFFF, and in a ZIP64
    extra field instead.
    """
    directory = []
    for name, data in entries:
        offset = file.tell()
        encoded = name.encode()
        large = data.size >= _ZIP64_LIMIT or data.compressed_size >= _ZIP64_LIMIT
        if large:  # a local header has both sizes in its ZIP64 field, or neither
            extra = struct.pack("<HHQQ", 1, 16, data.size, data.compressed_size)
            sizes = (_NOT_HERE, _NOT_HERE)
        else:
            extra, sizes = b"", (data.compressed_size, data.size)
        version = _ZIP64_VERSION if large else _VERSION
        file.write(
            _LOCAL_HEADER.pack(
                b"PK\x03\x04",
                version,
                0,
                _DEFLATED,
                _DOS_TIME,
                _DOS_DATE,
                data.crc,
                *sizes,
                len(encoded),
                len(extra),
            )
        )
        file.write(encoded + extra)
        shutil.copyfileobj(data.file, file, 1024 * 1024)
        directory.append((encoded, data, offset))
    directory_offset = file.tell()
    for encoded, data, offset in directory:
        fields = (data.size, data.compressed_size, offset)
        large = [value for value in fields if value >= _ZIP64_LIMIT]
        extra = struct.pack(f"<HH{len(large)}Q", 1, 8 * len(large), *large) if large else b""
        size, compressed_size, offset = (_NOT_HERE if value >= _ZIP64_LIMIT else value for value in fields)
        version = _ZIP64_VERSION if large else _VERSION
        file.write(
            _CENTRAL_HEADER.pack(
                b"PK\x01\x02",
                version,
                version,
                0,
                _DEFLATED,
                _DOS_TIME,
                _DOS_DATE,
                data.crc,
                compressed_size,
                size,
                len(encoded),
                len(extra),
                0,  # comment length
                0,  # disk number
                0,  # internal attributes
                0,  # external attributes
                offset,
            )
        )
        file.write(encoded + extra)
    directory_end = file.tell()
    directory_size = directory_end - directory_offset
    count = len(directory)
    if directory_offset >= _ZIP64_LIMIT:
        file.write(
            _ZIP64_END.pack(
                b"PK\x06\x06",
                44,
                _ZIP64_VERSION,
                _ZIP64_VERSION,
                0,
                0,
                count,
                count,
                directory_size,
                directory_offset,
            )
        )
        file.write(_ZIP64_LOCATOR.pack(b"PK\x06\x07", 0, directory_end, 1))
        directory_offset = _NOT_HERE
    file.write(_END.pack(b"PK\x05\x06", 0, 0, count, count, directory_size, directory_offset, 0))
