"""The edges: agenda files to and from the model, and writing outputs."""

from agenda._formats.files import Document, dump, dumps, load, loads, read_document

__all__ = ["Document", "dump", "dumps", "load", "loads", "read_document"]
