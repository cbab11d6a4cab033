"""Key files are read into memory only.

Django writes an uploaded file larger than ``FILE_UPLOAD_MAX_MEMORY_SIZE`` to a
temporary file; a key file must never reach the disk, whatever its size. This
handler keeps every uploaded file of the request in memory, keeps at most
``limit + 1`` bytes of each (a bigger file is refused by the form, with its
real size known), and stops reading the request after ``hard_limit`` bytes.
"""

from __future__ import annotations

from io import BytesIO

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

KEY_FILE_MAX_BYTES = 100 * 1024


class InMemoryOnlyUploadHandler(FileUploadHandler):
    def __init__(self, request=None, limit: int = KEY_FILE_MAX_BYTES, hard_limit: int = 4 * 1024 * 1024):
        super().__init__(request)
        self.limit = limit
        self.hard_limit = hard_limit
        self.total = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.file = BytesIO()
        self.size = 0

    def receive_data_chunk(self, raw_data, start):
        self.size += len(raw_data)
        self.total += len(raw_data)
        if self.total > self.hard_limit:
            raise StopUpload(connection_reset=True)
        room = self.limit + 1 - self.file.tell()
        if room > 0:
            self.file.write(raw_data[:room])
        return None

    def file_complete(self, file_size):
        self.file.seek(0)
        uploaded = InMemoryUploadedFile(
            file=self.file, field_name=self.field_name, name=self.file_name, content_type=self.content_type,
            size=self.size, charset=self.charset, content_type_extra=self.content_type_extra,
        )
        return uploaded
