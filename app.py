"""Start the dashboard on the configured store (default data/store, filled from data/samples)."""

if __name__ == "__main__":
    # Imported here, not above: the upload reader's child processes re-import this
    # script, and must not load the whole app to read one file.
    from dashboard.app import main

    main()
