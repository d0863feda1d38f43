"""Start the dashboard on the configured store (default data/store, filled from data/samples)."""

from dashboard.app import main

if __name__ == "__main__":
    main()
