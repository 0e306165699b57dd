"""One module per request type. Every module here is imported at start-up (see
``lifecycle.apps``), so adding a type is adding a module: no other type is touched."""
