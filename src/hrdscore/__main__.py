from hrdscore.cli import main

main()
