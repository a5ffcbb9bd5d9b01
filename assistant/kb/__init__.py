"""The knowledge base: `knowledge/*.yaml` read, checked and turned into typed, frozen objects.

Owns: the model (`model`), the YAML reader that keeps line numbers (`yaml_lines`), the field
and cross-reference checks (`schema`) and loading (`load`). Imports nothing else of `assistant`.
"""
