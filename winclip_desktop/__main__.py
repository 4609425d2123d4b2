from winclip_desktop.cli import main

raise SystemExit(main())
