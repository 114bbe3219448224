"""The edges: agenda files to and from the model, renderers of every output, writing files.

Nothing is imported here: `agenda._formats.registry` (what the command line needs to list the
formats) stays as light as it is.
"""
