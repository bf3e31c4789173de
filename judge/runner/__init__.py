"""Code that runs inside the sandbox container: the standard library and NumPy only.

Nothing here may import the rest of ``judge``: in the runner image this package is installed alone,
as ``judge_runner``. ``python -m judge_runner`` starts the parent (``__main__``), which starts the
child that runs the submission. ``wire`` is the data format both sides of the container speak.
"""
