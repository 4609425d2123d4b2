<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ObjectWordsEditor</name>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="122"/>
        <source>Double-click a word to edit it.</source>
        <translation>双击词语可进行编辑。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="125"/>
        <source>e.g. glass bottle</source>
        <translation>例如 glass bottle</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="127"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="129"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="136"/>
        <source>Empty list: the prompts use the class name.</source>
        <translation>列表为空时，提示词使用类别名称。</translation>
    </message>
</context>
<context>
    <name>RecipePanel</name>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="229"/>
        <source>Folder...</source>
        <translation>文件夹...</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="230"/>
        <source>Choose another recipes folder</source>
        <translation>选择其他配方文件夹</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="240"/>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="242"/>
        <source>Save current...</source>
        <translation>保存当前设置...</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="243"/>
        <source>Save the current settings and object words as a recipe</source>
        <translation>将当前设置和对象词语保存为配方</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="245"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="247"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="255"/>
        <source>Object words (names of the object in the prompts)</source>
        <translation>对象词语（提示词中对象的名称）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="329"/>
        <source>Could not read the recipes folder: {error}</source>
        <translation>无法读取配方文件夹：{error}</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="330"/>
        <source>Recipes folder: {folder}</source>
        <translation>配方文件夹：{folder}</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="339"/>
        <source>{name} (invalid)</source>
        <translation>{name}（无效）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="344"/>
        <source>{path}
class: {class_name}, model: {model}</source>
        <translation>{path}
类别：{class_name}，模型：{model}</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="379"/>
        <source>Loaded {name}, but {count} reference images are missing, e.g. {path}</source>
        <translation>已加载 {name}，但缺少 {count} 张参考图像，例如 {path}</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="385"/>
        <source>Loaded {name}</source>
        <translation>已加载 {name}</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="406"/>
        <source>Enter a recipe name.</source>
        <translation>请输入配方名称。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="409"/>
        <source>There are no current settings to save yet.</source>
        <translation>目前还没有可保存的当前设置。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="411"/>
        <source>The current settings have no class name, so they cannot be saved.</source>
        <translation>当前设置没有类别名称，因此无法保存。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="414"/>
        <source>A recipe file {path} already exists.</source>
        <translation>配方文件 {path} 已存在。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="420"/>
        <source>Saved {name} to {path}</source>
        <translation>已将 {name} 保存到 {path}</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="429"/>
        <source>{path} is not in the recipes folder {folder}.</source>
        <translation>{path} 不在配方文件夹 {folder} 中。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="434"/>
        <source>Deleted {name}</source>
        <translation>已删除 {name}</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="483"/>
        <source>Could not load the recipe: {error}</source>
        <translation>无法加载配方：{error}</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="494"/>
        <source>Save recipe</source>
        <translation>保存配方</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="494"/>
        <source>Recipe name:</source>
        <translation>配方名称：</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="503"/>
        <source>Replace recipe</source>
        <translation>替换配方</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="504"/>
        <source>The recipe file {file} already exists. Replace it?</source>
        <translation>配方文件 {file} 已存在。要替换它吗？</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="513"/>
        <source>Could not save the recipe: {error}</source>
        <translation>无法保存配方：{error}</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="520"/>
        <source>Delete recipe</source>
        <translation>删除配方</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="520"/>
        <source>Delete the recipe file {file}?</source>
        <translation>要删除配方文件 {file} 吗？</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="528"/>
        <source>Could not delete the recipe: {error}</source>
        <translation>无法删除配方：{error}</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="531"/>
        <source>Choose the recipes folder</source>
        <translation>选择配方文件夹</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/recipe_panel.py" line="536"/>
        <source>Could not use the folder: {error}</source>
        <translation>无法使用该文件夹：{error}</translation>
    </message>
</context>
</TS>
